#include "solvers/cuda/interaction_device.hpp"

#include <cmath>

#include "solvers/cuda/cuda_check.cuh"
#include "solvers/energy/blob_math.hpp"

namespace monge::cuda {
namespace {

constexpr unsigned kThreads = 256;  // particles i per block, and particles j per tile

// Tile of particles j0.. in shared memory: coordinates as doubles (missing ones 0, as the CPU's
// structure of arrays) and one extra per-particle value (the weight, or the weight and the
// blob's power).
struct Tile {
  double x[kThreads], y[kThreads], z[kThreads], w[kThreads], extra[kThreads];
};

__device__ void load_tile(Tile& t, const float* X, int n, int d, const double* w, const double* extra, int j0) {
  __syncthreads();  // the previous tile is no longer read
  const int j = j0 + static_cast<int>(threadIdx.x);
  if (j < n) {
    const float* p = X + static_cast<long long>(j) * d;
    t.x[threadIdx.x] = p[0];
    t.y[threadIdx.x] = d >= 2 ? p[1] : 0.0;
    t.z[threadIdx.x] = d == 3 ? p[2] : 0.0;
    t.w[threadIdx.x] = w[j];
    t.extra[threadIdx.x] = extra ? extra[j] : 0.0;
  }
  __syncthreads();
}

__device__ void own_point(const float* X, int i, int d, double& x, double& y, double& z) {
  const float* p = X + static_cast<long long>(i) * d;
  x = p[0];
  y = d >= 2 ? p[1] : 0.0;
  z = d == 3 ? p[2] : 0.0;
}

// grad_i = sum_{j != i} w_j g(r) (X_i - X_j); row_energy_i = 1/2 w_i sum_{j != i} w_j W(r).
__global__ void interaction_rows(const float* X, int n, int d, const double* w, InteractionKernel kernel,
                                 bool want_energy, double* grad, double* row_energy) {
  __shared__ Tile tile;
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const bool active = i < n;
  double xi = 0, yi = 0, zi = 0, g0 = 0, g1 = 0, g2 = 0, e = 0;
  if (active) own_point(X, i, d, xi, yi, zi);
  for (int j0 = 0; j0 < n; j0 += kThreads) {
    load_tile(tile, X, n, d, w, nullptr, j0);
    if (!active) continue;
    const int cols = min(static_cast<int>(kThreads), n - j0);
    for (int jj = 0; jj < cols; ++jj) {
      if (j0 + jj == i) continue;
      const double dx = xi - tile.x[jj], dy = yi - tile.y[jj], dz = zi - tile.z[jj];
      const double r2 = dx * dx + dy * dy + dz * dz;
      const double f = tile.w[jj] * kernel.gradient_factor_r2(r2);
      g0 += f * dx;
      g1 += f * dy;
      g2 += f * dz;
      if (want_energy) e += tile.w[jj] * kernel.value_r2(r2);
    }
  }
  if (!active) return;
  double* gi = grad + static_cast<long long>(i) * d;
  gi[0] = g0;
  if (d >= 2) gi[1] = g1;
  if (d == 3) gi[2] = g2;
  row_energy[i] = 0.5 * w[i] * e;
}

// Blob pass 1: rho_i = norm sum_j w_j phi(X_i - X_j) (self included), power_i = rho_i^(m-2).
__global__ void blob_density_rows(const float* X, int n, int d, const double* w, double inv2e2, double cut2,
                                  double norm, double m, double* rho, double* power) {
  __shared__ Tile tile;
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const bool active = i < n;
  double xi = 0, yi = 0, zi = 0, s = 0;
  if (active) own_point(X, i, d, xi, yi, zi);
  for (int j0 = 0; j0 < n; j0 += kThreads) {
    load_tile(tile, X, n, d, w, nullptr, j0);
    if (!active) continue;
    const int cols = min(static_cast<int>(kThreads), n - j0);
    for (int jj = 0; jj < cols; ++jj) {
      const double dx = xi - tile.x[jj], dy = yi - tile.y[jj], dz = zi - tile.z[jj];
      s += tile.w[jj] * blob_gaussian(dx * dx + dy * dy + dz * dz, inv2e2, cut2);
    }
  }
  if (!active) return;
  rho[i] = norm * s;
  power[i] = std::pow(rho[i], m - 2);
}

// Blob pass 2: v_i = scale sum_j w_j phi(X_i - X_j) (power_i + power_j) (X_i - X_j).
__global__ void blob_velocity_rows(const float* X, int n, int d, const double* w, const double* power, double inv2e2,
                                   double cut2, double scale, double* velocity) {
  __shared__ Tile tile;
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const bool active = i < n;
  double xi = 0, yi = 0, zi = 0, v0 = 0, v1 = 0, v2 = 0, pi = 0;
  if (active) {
    own_point(X, i, d, xi, yi, zi);
    pi = power[i];
  }
  for (int j0 = 0; j0 < n; j0 += kThreads) {
    load_tile(tile, X, n, d, w, power, j0);
    if (!active) continue;
    const int cols = min(static_cast<int>(kThreads), n - j0);
    for (int jj = 0; jj < cols; ++jj) {
      const double dx = xi - tile.x[jj], dy = yi - tile.y[jj], dz = zi - tile.z[jj];
      const double f = tile.w[jj] * blob_gaussian(dx * dx + dy * dy + dz * dz, inv2e2, cut2) * (pi + tile.extra[jj]);
      v0 += f * dx;
      v1 += f * dy;
      v2 += f * dz;
    }
  }
  if (!active) return;
  double* vi = velocity + static_cast<long long>(i) * d;
  vi[0] = scale * v0;
  if (d >= 2) vi[1] = scale * v1;
  if (d == 3) vi[2] = scale * v2;
}

}  // namespace

struct InteractionDevice::Buffers {
  DeviceBuffer<float> X;
  DeviceBuffer<double> w, out, rows, power;
};

InteractionDevice::InteractionDevice() : buffers_(std::make_unique<Buffers>()) {}
InteractionDevice::~InteractionDevice() = default;

void InteractionDevice::interaction(InteractionJob& job) {
  job.energy = 0;
  if (job.n == 0) return;  // as the CPU: no particles, no sum (and no zero-sized grid, an error)
  Buffers& b = *buffers_;
  const std::size_t n = job.n, nd = n * job.d;
  check(cudaMemcpy(b.X.reserve(nd), job.X, sizeof(float) * nd, cudaMemcpyHostToDevice), "upload particles");
  check(cudaMemcpy(b.w.reserve(n), job.w, sizeof(double) * n, cudaMemcpyHostToDevice), "upload weights");
  interaction_rows<<<blocks_for(job.n, kThreads), kThreads>>>(b.X.data(), job.n, job.d, b.w.data(), job.kernel,
                                                              job.want_energy, b.out.reserve(nd), b.rows.reserve(n));
  check_launch("interaction_rows");
  check(cudaMemcpy(job.grad, b.out.data(), sizeof(double) * nd, cudaMemcpyDeviceToHost), "download gradient");
  if (!job.want_energy) return;
  host_rows_.resize(n);
  check(cudaMemcpy(host_rows_.data(), b.rows.data(), sizeof(double) * n, cudaMemcpyDeviceToHost), "download energy");
  for (double e : host_rows_) job.energy += e;
}

void InteractionDevice::blob(BlobJob& job) {
  job.energy = 0;
  if (job.n == 0) return;  // as the CPU: no particles, no sum (and no zero-sized grid, an error)
  Buffers& b = *buffers_;
  const std::size_t n = job.n, nd = n * job.d;
  check(cudaMemcpy(b.X.reserve(nd), job.X, sizeof(float) * nd, cudaMemcpyHostToDevice), "upload particles");
  check(cudaMemcpy(b.w.reserve(n), job.w, sizeof(double) * n, cudaMemcpyHostToDevice), "upload weights");
  // The constants of blob_velocity (blob.cpp).
  const double e2 = job.eps * job.eps;
  const double inv2e2 = 1.0 / (2 * e2), cut2 = kBlobCutoff * kBlobCutoff * e2;
  const double norm = std::pow(2 * M_PI * e2, -0.5 * job.d);
  double* rho = b.rows.reserve(n);
  double* power = b.power.reserve(n);
  blob_density_rows<<<blocks_for(job.n, kThreads), kThreads>>>(b.X.data(), job.n, job.d, b.w.data(), inv2e2, cut2,
                                                               norm, job.m, rho, power);
  check_launch("blob_density_rows");
  blob_velocity_rows<<<blocks_for(job.n, kThreads), kThreads>>>(b.X.data(), job.n, job.d, b.w.data(), power, inv2e2,
                                                                cut2, norm / e2, b.out.reserve(nd));
  check_launch("blob_velocity_rows");
  check(cudaMemcpy(job.velocity, b.out.data(), sizeof(double) * nd, cudaMemcpyDeviceToHost), "download velocity");
  host_rows_.resize(n);
  check(cudaMemcpy(host_rows_.data(), rho, sizeof(double) * n, cudaMemcpyDeviceToHost), "download density");
  for (std::size_t i = 0; i < n; ++i) job.energy += job.w[i] * blob_internal(host_rows_[i], job.m);
}

}  // namespace monge::cuda
