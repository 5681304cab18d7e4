#include "solvers/cuda/sliced_device.hpp"

#include <cub/block/block_reduce.cuh>
#include <cub/device/device_radix_sort.cuh>

#include <climits>
#include <string>

#include "base/errors.hpp"
#include "solvers/cuda/cuda_check.cuh"
#include "solvers/sliced/sliced_math.hpp"
#include "solvers/sliced/sort_keys.hpp"

namespace monge::cuda {
namespace {

constexpr unsigned kThreads = 256;
using Key = unsigned long long;

// keys[l*n + i] = (l << 32) | float_to_key(<P_i, theta_l>), idx = i: sorting the keys sorts every
// direction's projections at once, each direction's block staying contiguous.
__global__ void project_keys(const float* P, int n, int d, const float* theta, int L, Key* keys, std::uint32_t* idx) {
  const long long t = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (t >= static_cast<long long>(n) * L) return;
  const int l = static_cast<int>(t / n), i = static_cast<int>(t - static_cast<long long>(l) * n);
  const float v = project_point(P + static_cast<long long>(i) * d, theta + l * d, d);
  keys[t] = (static_cast<Key>(l) << 32) | float_to_key(v);
  if (idx) idx[t] = static_cast<std::uint32_t>(i);
}

__global__ void unpack_values(const Key* keys, long long count, float* values) {
  const long long t = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (t < count) values[t] = key_to_float(static_cast<std::uint32_t>(keys[t]));
}

// Uniform weights: one thread per sorted source value, independent of the others. Writes the
// derivative at the point's original index and one partial cost per block.
__global__ void match_uniform(const Key* xkeys, const std::uint32_t* xidx, int n, const float* ys, int m, int p,
                              unsigned blocks_per_direction, float* scattered, double* partial) {
  using Reduce = cub::BlockReduce<double, kThreads>;
  __shared__ typename Reduce::TempStorage scratch;
  const int l = static_cast<int>(blockIdx.x / blocks_per_direction);
  const unsigned b = blockIdx.x % blocks_per_direction;
  const int k = static_cast<int>(b * kThreads + threadIdx.x);
  double cost = 0.0;
  if (k < n) {
    const long long t = static_cast<long long>(l) * n + k;
    float coef;
    const float xk = key_to_float(static_cast<std::uint32_t>(xkeys[t]));
    cost = uniform_quantile_match(k, n, xk, ys + static_cast<long long>(l) * m, m, p, &coef, nullptr);
    scattered[static_cast<long long>(l) * n + xidx[t]] = coef;
  }
  const double total = Reduce(scratch).Sum(cost);
  if (threadIdx.x == 0) partial[blockIdx.x] = total;
}

// Sum of a direction's block partials, in block order (deterministic).
__global__ void sum_partials(const double* partial, int L, unsigned blocks_per_direction, double* costs) {
  const int l = blockIdx.x * blockDim.x + threadIdx.x;
  if (l >= L) return;
  double s = 0.0;
  for (unsigned b = 0; b < blocks_per_direction; ++b) s += partial[static_cast<long long>(l) * blocks_per_direction + b];
  costs[l] = s;
}

// Weighted measures: the quantile merge is sequential, so one thread per direction runs
// transport_1d_sorted (the CPU's own function). Slower than the uniform path, still exact.
__global__ void match_weighted(const float* xs, const std::uint32_t* xidx, const double* wx, int n, const float* ys,
                               const std::uint32_t* yidx, const double* wy, int m, int p, int L, float* coef,
                               double* costs) {
  const int l = blockIdx.x * blockDim.x + threadIdx.x;
  if (l >= L) return;
  const long long ox = static_cast<long long>(l) * n, oy = static_cast<long long>(l) * m;
  costs[l] = transport_1d_sorted(xs + ox, xidx + ox, wx, n, ys + oy, yidx ? yidx + oy : nullptr, wy, m, p,
                                 coef + ox, nullptr, nullptr);
}

__global__ void scatter_coef(const float* coef, const std::uint32_t* xidx, int n, int L, float* scattered) {
  const long long t = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (t >= static_cast<long long>(n) * L) return;
  const long long l = t / n;
  scattered[l * n + xidx[t]] = coef[t];
}

// grad_i = (1/L) sum_l scattered[l][i] theta_l, four coordinates at a time, l in order.
__global__ void gather_gradient(const float* scattered, const float* theta, int n, int d, int L, float* grad) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float inv_L = 1.0f / L;
  for (int c0 = 0; c0 < d; c0 += 4) {
    float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int l = 0; l < L; ++l) {
      const float s = scattered[static_cast<long long>(l) * n + i];
      for (int q = 0; q < 4 && c0 + q < d; ++q) acc[q] += s * theta[l * d + c0 + q];
    }
    for (int q = 0; q < 4 && c0 + q < d; ++q) grad[static_cast<long long>(i) * d + c0 + q] = acc[q] * inv_L;
  }
}

int bits_for(int L) {
  int bits = 1;
  while ((1LL << bits) < L) ++bits;
  return bits;
}

}  // namespace

struct SlicedDevice::Buffers {
  DeviceBuffer<float> X, Y, theta, ys, xs, coef, scattered, grad;
  DeviceBuffer<double> wx, wy, partial, costs;
  DeviceBuffer<Key> keys_x[2], keys_y[2];
  DeviceBuffer<std::uint32_t> idx_x[2], idx_y[2];
  DeviceBuffer<unsigned char> temp;
  std::uint64_t target_id = 0;
  int target_m = 0;
};

SlicedDevice::SlicedDevice() : buffers_(std::make_unique<Buffers>()) {}
SlicedDevice::~SlicedDevice() = default;

void SlicedDevice::run(const ProjectionJob& job) {
  Buffers& b = *buffers_;
  const int n = job.n, m = job.m, d = job.d, L = job.L;
  const long long nl = static_cast<long long>(n) * L, ml = static_cast<long long>(m) * L;
  if (nl > INT_MAX || ml > INT_MAX)
    throw InputError("projections: " + std::to_string(L) + " directions times " + std::to_string(n > m ? n : m) +
                     " points exceeds the GPU sort's 2^31 items; use fewer projections or --backend cpu");
  if (L == 0) return;
  if (n == 0 || m == 0) throw InputError("projections: a point cloud is empty (no sliced-Wasserstein distance)");
  const bool uniform = !job.wx && !job.wy;

  check(cudaMemcpy(b.X.reserve(static_cast<std::size_t>(n) * d), job.X, sizeof(float) * n * d, cudaMemcpyHostToDevice),
        "upload X");
  const bool keep_target = job.target_id != 0 && job.target_id == b.target_id && m == b.target_m;
  if (!keep_target) {
    b.target_id = 0;  // until the upload has succeeded
    check(cudaMemcpy(b.Y.reserve(static_cast<std::size_t>(m) * d), job.Y, sizeof(float) * m * d,
                     cudaMemcpyHostToDevice),
          "upload Y");
    if (job.wy)
      check(cudaMemcpy(b.wy.reserve(m), job.wy, sizeof(double) * m, cudaMemcpyHostToDevice), "upload target weights");
    b.target_id = job.target_id;
    b.target_m = m;
  }
  if (job.wx) check(cudaMemcpy(b.wx.reserve(n), job.wx, sizeof(double) * n, cudaMemcpyHostToDevice), "upload source weights");
  check(cudaMemcpy(b.theta.reserve(static_cast<std::size_t>(L) * d), job.theta, sizeof(float) * L * d,
                   cudaMemcpyHostToDevice),
        "upload directions");

  // Project and sort both clouds.
  const int end_bit = 32 + bits_for(L);
  project_keys<<<blocks_for(nl, kThreads), kThreads>>>(b.X.data(), n, d, b.theta.data(), L, b.keys_x[0].reserve(nl),
                                                       b.idx_x[0].reserve(nl));
  check_launch("project_keys (X)");
  const bool y_indices = job.wy != nullptr;
  project_keys<<<blocks_for(ml, kThreads), kThreads>>>(b.Y.data(), m, d, b.theta.data(), L, b.keys_y[0].reserve(ml),
                                                       y_indices ? b.idx_y[0].reserve(ml) : nullptr);
  check_launch("project_keys (Y)");
  cub::DoubleBuffer<Key> kx(b.keys_x[0].data(), b.keys_x[1].reserve(nl)), ky(b.keys_y[0].data(), b.keys_y[1].reserve(ml));
  cub::DoubleBuffer<std::uint32_t> vx(b.idx_x[0].data(), b.idx_x[1].reserve(nl));
  cub::DoubleBuffer<std::uint32_t> vy(y_indices ? b.idx_y[0].data() : nullptr, y_indices ? b.idx_y[1].reserve(ml) : nullptr);
  std::size_t bytes_x = 0, bytes_y = 0;
  check(cub::DeviceRadixSort::SortPairs(nullptr, bytes_x, kx, vx, static_cast<int>(nl), 0, end_bit), "sort size (X)");
  if (y_indices) check(cub::DeviceRadixSort::SortPairs(nullptr, bytes_y, ky, vy, static_cast<int>(ml), 0, end_bit), "sort size (Y)");
  else check(cub::DeviceRadixSort::SortKeys(nullptr, bytes_y, ky, static_cast<int>(ml), 0, end_bit), "sort size (Y)");
  unsigned char* temp = b.temp.reserve(bytes_x > bytes_y ? bytes_x : bytes_y);
  check(cub::DeviceRadixSort::SortPairs(temp, bytes_x, kx, vx, static_cast<int>(nl), 0, end_bit), "sort (X)");
  if (y_indices) check(cub::DeviceRadixSort::SortPairs(temp, bytes_y, ky, vy, static_cast<int>(ml), 0, end_bit), "sort (Y)");
  else check(cub::DeviceRadixSort::SortKeys(temp, bytes_y, ky, static_cast<int>(ml), 0, end_bit), "sort (Y)");

  float* ys = b.ys.reserve(ml);
  unpack_values<<<blocks_for(ml, kThreads), kThreads>>>(ky.Current(), ml, ys);
  check_launch("unpack_values (Y)");
  float* scattered = b.scattered.reserve(nl);
  double* costs = b.costs.reserve(L);
  if (uniform) {
    const unsigned per_direction = blocks_for(n, kThreads);
    match_uniform<<<per_direction * L, kThreads>>>(kx.Current(), vx.Current(), n, ys, m, job.p, per_direction, scattered,
                                                   b.partial.reserve(static_cast<std::size_t>(per_direction) * L));
    check_launch("match_uniform");
    sum_partials<<<blocks_for(L, 64), 64>>>(b.partial.data(), L, per_direction, costs);
    check_launch("sum_partials");
  } else {
    float* xs = b.xs.reserve(nl);
    unpack_values<<<blocks_for(nl, kThreads), kThreads>>>(kx.Current(), nl, xs);
    check_launch("unpack_values (X)");
    float* coef = b.coef.reserve(nl);
    match_weighted<<<blocks_for(L, 32), 32>>>(xs, vx.Current(), job.wx ? b.wx.data() : nullptr, n, ys,
                                              y_indices ? vy.Current() : nullptr, job.wy ? b.wy.data() : nullptr, m,
                                              job.p, L, coef, costs);
    check_launch("match_weighted");
    scatter_coef<<<blocks_for(nl, kThreads), kThreads>>>(coef, vx.Current(), n, L, scattered);
    check_launch("scatter_coef");
  }
  if (job.grad) {
    float* grad = b.grad.reserve(static_cast<std::size_t>(n) * d);
    gather_gradient<<<blocks_for(n, kThreads), kThreads>>>(scattered, b.theta.data(), n, d, L, grad);
    check_launch("gather_gradient");
    check(cudaMemcpy(job.grad, grad, sizeof(float) * n * d, cudaMemcpyDeviceToHost), "download gradient");
  }
  check(cudaMemcpy(job.costs, costs, sizeof(double) * L, cudaMemcpyDeviceToHost), "download costs");
}

}  // namespace monge::cuda
