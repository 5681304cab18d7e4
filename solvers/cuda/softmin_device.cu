#include "solvers/cuda/softmin_device.hpp"

#include <algorithm>

#include "solvers/cuda/cuda_check.cuh"
#include "solvers/cuda/softmin_math.hpp"
#include "solvers/entropic/entropic_math.hpp"

namespace monge::cuda {
namespace {

constexpr unsigned kRows = 128;            // rows (threads) per block
constexpr int kMaxTile = 256;              // columns per shared-memory tile
constexpr std::size_t kSharedBytes = 40 * 1024;  // below the 48 KiB a kernel gets without opting in

// Columns per tile so that `per_column` bytes each fit in kSharedBytes.
int tile_for(std::size_t per_column) {
  int tile = kMaxTile;
  while (tile > 1 && tile * per_column > kSharedBytes) tile /= 2;
  return tile;
}

// A log weight of a zero-weight column is -1e300 (safe_log): keep it finite and far below.
__device__ __forceinline__ double finite_base(double b) { return b < -1e30 ? -1e30 : b; }

// The row's point: in registers when D (2 or 3) is known at compile time, else read from X.
template <int D>
struct RowPoint {
  float x[D > 0 ? D : 1];
  const float* ptr;
  __device__ RowPoint(const float* X, int i, int d) {
    if constexpr (D > 0) {
#pragma unroll
      for (int k = 0; k < D; ++k) x[k] = X[static_cast<long long>(i) * D + k];
      ptr = x;
    } else {
      ptr = X + static_cast<long long>(i) * d;
    }
  }
};

// out_i = -eps log sum_j exp(t_ij), t_ij = base_j - C_ij/eps in double (softmin_term). Lse:
// entropic::OnlineLse<double> (double exps) or MixedOnlineLse (float exps of t - max, the rest in
// double: softmin_math.hpp).
template <class Lse, int D>
__global__ void softmin_rows(const float* X, int n, const float* Y, int m, int d, int kind, double p,
                             const double* base, double inv_eps, double eps, int tile, double* out) {
  extern __shared__ double shared[];
  double* sbase = shared;
  float* sy = reinterpret_cast<float*>(sbase + tile);
  const int dd = D > 0 ? D : d;
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const bool active = i < n;
  const RowPoint<D> x(X, active ? i : 0, dd);
  Lse lse;
  for (int j0 = 0; j0 < m; j0 += tile) {
    const int cols = min(tile, m - j0);
    __syncthreads();  // the previous tile is no longer read
    for (int k = threadIdx.x; k < cols; k += blockDim.x) sbase[k] = finite_base(base[j0 + k]);
    for (int k = threadIdx.x; k < cols * dd; k += blockDim.x) sy[k] = Y[static_cast<long long>(j0) * dd + k];
    __syncthreads();
    if (active) {
#pragma unroll 4
      for (int jj = 0; jj < cols; ++jj) lse.push(softmin_term(x.ptr, sy + jj * dd, dd, kind, p, sbase[jj], inv_eps));
    }
  }
  if (active) out[i] = -eps * lse.log_sum();
}

// The softmin in double with the plan moments of coordinates c0..c0+dc-1 (PlanRowMoments).
template <int D>
__global__ void moment_rows(const float* X, int n, const float* Y, int m, int d, int kind, double p,
                            const double* base, const double* h, double inv_eps, double eps, int tile, int c0, int dc,
                            double* out, double* mean_cost, double* mean_h, float* mean_y, int* argmax) {
  extern __shared__ double shared[];
  double* sbase = shared;
  double* sh = sbase + tile;
  float* sy = reinterpret_cast<float*>(sh + tile);
  const int dd = D > 0 ? D : d;
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const bool active = i < n;
  const RowPoint<D> x(X, active ? i : 0, dd);
  entropic::PlanRowMoments acc;
  for (int j0 = 0; j0 < m; j0 += tile) {
    const int cols = min(tile, m - j0);
    __syncthreads();
    for (int k = threadIdx.x; k < cols; k += blockDim.x) {
      sbase[k] = finite_base(base[j0 + k]);
      sh[k] = h[j0 + k];
    }
    for (int k = threadIdx.x; k < cols * dd; k += blockDim.x) sy[k] = Y[static_cast<long long>(j0) * dd + k];
    __syncthreads();
    if (active) {
      for (int jj = 0; jj < cols; ++jj) {
        const float* yj = sy + jj * dd;
        const double c = entropic::cost_from_squared<double>(entropic::squared_distance<double>(x.ptr, yj, dd), kind, p);
        acc.push(j0 + jj, sbase[jj] - c * inv_eps, c, sh[jj], yj + c0, dc);
      }
    }
  }
  if (!active) return;
  for (int q = 0; q < dc; ++q) mean_y[static_cast<long long>(i) * d + c0 + q] = static_cast<float>(acc.mean_y(q));
  if (c0 > 0) return;  // the scalars are the same in every coordinate chunk
  out[i] = -eps * acc.lse.log_sum();
  mean_cost[i] = acc.mean_cost();
  mean_h[i] = acc.mean_h();
  argmax[i] = acc.argmax;
}

template <class Lse, int D>
void launch_softmin(const SoftminJob& job, const float* X, const float* Y, const double* base, double* out) {
  const int tile = tile_for(sizeof(double) + sizeof(float) * job.d);
  const std::size_t bytes = tile * (sizeof(double) + sizeof(float) * job.d);
  softmin_rows<Lse, D><<<blocks_for(job.n, kRows), kRows, bytes>>>(X, job.n, Y, job.m, job.d, job.kind, job.p, base,
                                                                  1.0 / job.eps, job.eps, tile, out);
  check_launch("softmin_rows");
}

template <int D>
void launch_moments(const SoftminJob& job, const float* X, const float* Y, const double* base, const double* h,
                    int c0, int dc, double* out, double* mean_cost, double* mean_h, float* mean_y, int* argmax) {
  const int tile = tile_for(2 * sizeof(double) + sizeof(float) * job.d);
  const std::size_t bytes = tile * (2 * sizeof(double) + sizeof(float) * job.d);
  moment_rows<D><<<blocks_for(job.n, kRows), kRows, bytes>>>(X, job.n, Y, job.m, job.d, job.kind, job.p, base, h,
                                                             1.0 / job.eps, job.eps, tile, c0, dc, out, mean_cost,
                                                             mean_h, mean_y, argmax);
  check_launch("moment_rows");
}

template <class T>
T* upload(DeviceBuffer<T>& buffer, const T* host, std::size_t count, const char* what) {
  T* device = buffer.reserve(count);
  check(cudaMemcpy(device, host, sizeof(T) * count, cudaMemcpyHostToDevice), what);
  return device;
}

template <class T>
void download(T* host, const DeviceBuffer<T>& buffer, std::size_t count, const char* what) {
  check(cudaMemcpy(host, buffer.data(), sizeof(T) * count, cudaMemcpyDeviceToHost), what);
}

}  // namespace

struct SoftminDevice::Buffers {
  DeviceBuffer<float> X, Y, mean_y;
  DeviceBuffer<double> base, h, out, mean_cost, mean_h;
  DeviceBuffer<int> argmax;
};

SoftminDevice::SoftminDevice() : buffers_(std::make_unique<Buffers>()) {}
SoftminDevice::~SoftminDevice() = default;

void SoftminDevice::run(const SoftminJob& job) {
  if (job.n == 0) return;  // no rows, nothing to reduce (and no zero-sized grid, an error)
  Buffers& b = *buffers_;
  const std::size_t n = job.n, m = job.m, d = job.d;
  // O(N + M) transfers per call against O(N M) work: no caching between half-steps.
  const float* X = upload(b.X, job.X, n * d, "upload rows");
  const float* Y = upload(b.Y, job.Y, m * d, "upload columns");
  const double* base = upload(b.base, job.base, m, "upload softmin base");
  double* out = b.out.reserve(n);
  if (!job.h) {
    using Exact = entropic::OnlineLse<double>;
    if (job.single) {
      if (d == 2) launch_softmin<MixedOnlineLse, 2>(job, X, Y, base, out);
      else if (d == 3) launch_softmin<MixedOnlineLse, 3>(job, X, Y, base, out);
      else launch_softmin<MixedOnlineLse, 0>(job, X, Y, base, out);
    } else {
      if (d == 2) launch_softmin<Exact, 2>(job, X, Y, base, out);
      else if (d == 3) launch_softmin<Exact, 3>(job, X, Y, base, out);
      else launch_softmin<Exact, 0>(job, X, Y, base, out);
    }
    download(job.out, b.out, n, "download softmin");
    return;
  }
  const double* h = upload(b.h, job.h, m, "upload potential");
  double* mean_cost = b.mean_cost.reserve(n);
  double* mean_h = b.mean_h.reserve(n);
  float* mean_y = b.mean_y.reserve(n * d);
  int* argmax = b.argmax.reserve(n);
  constexpr int kChunk = entropic::PlanRowMoments::kMaxCoords;
  for (int c0 = 0; c0 < job.d; c0 += kChunk) {
    const int dc = std::min(kChunk, job.d - c0);
    if (d == 2) launch_moments<2>(job, X, Y, base, h, c0, dc, out, mean_cost, mean_h, mean_y, argmax);
    else if (d == 3) launch_moments<3>(job, X, Y, base, h, c0, dc, out, mean_cost, mean_h, mean_y, argmax);
    else launch_moments<0>(job, X, Y, base, h, c0, dc, out, mean_cost, mean_h, mean_y, argmax);
  }
  download(job.out, b.out, n, "download softmin");
  download(job.mean_cost, b.mean_cost, n, "download mean cost");
  download(job.mean_h, b.mean_h, n, "download mean potential");
  download(job.mean_y, b.mean_y, n * d, "download barycentric images");
  download(job.argmax, b.argmax, n, "download argmax");
}

}  // namespace monge::cuda
