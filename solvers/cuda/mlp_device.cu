#include "solvers/cuda/mlp_device.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "solvers/cuda/cuda_check.cuh"

namespace monge::cuda {
namespace {

constexpr int kTile = 32;          // GEMM tile: 32 by 32 outputs, 32-wide steps along k
constexpr int kThreads = 256;      // 32 by 8 threads, 4 outputs each
constexpr int kSegment = 2048;     // points per partial sum of grad_theta (a multiple of kTile)

// A matrix read through strides: element (r, c) is p[r * rs + c * cs]; column ones_col reads 1
// (the bias's column in the gradient GEMM), -1 for none.
struct Operand {
  const float* p = nullptr;
  long long rs = 0, cs = 0;
  int ones_col = -1;
};

__device__ __forceinline__ float load(const Operand& op, long long r, long long c) {
  return c == op.ones_col ? 1.0f : op.p[r * op.rs + c * op.cs];
}

// What the GEMM does to a value as it writes it: v = (acc + bias[col]) * scale, times
// activation'(dz, da) when dz is set; with act_out, also act_out = activation(v).
struct Epilogue {
  const float* bias = nullptr;
  float scale = 1.0f;
  const float* dz = nullptr;  // same row stride as C
  const float* da = nullptr;
  float* act_out = nullptr;   // same row stride as C
  deform::Activation activation = deform::Activation::Tanh;
};

// C = A B (M by N, sum over k), one 32 by 32 tile per block. blockIdx.z selects a segment of k
// of length k_segment, written to C + z * c_segment_stride: a split sum, added up later in order.
// A warp reads 32 consecutive addresses of whichever operand index is contiguous.
__global__ void __launch_bounds__(kThreads)
    gemm_tile(long long M, int N, long long K, long long k_segment, Operand A, Operand B, float* C, long long ldc,
              long long c_segment_stride, Epilogue ep) {
  __shared__ float As[kTile][kTile + 1];  // As[m][k]
  __shared__ float Bs[kTile][kTile + 1];  // Bs[k][n]
  const int tx = threadIdx.x % kTile, ty = threadIdx.x / kTile;
  const long long m0 = static_cast<long long>(blockIdx.x) * kTile;
  const int n0 = blockIdx.y * kTile;
  const long long k_begin = static_cast<long long>(blockIdx.z) * k_segment;
  const long long k_end = k_begin + k_segment < K ? k_begin + k_segment : K;
  float acc[kTile / 8] = {0, 0, 0, 0};
  for (long long k0 = k_begin; k0 < k_end; k0 += kTile) {
    for (int i = 0; i < kTile / 8; ++i) {
      const int a = ty + 8 * i;
      const int am = A.cs == 1 ? a : tx, ak = A.cs == 1 ? tx : a;
      const long long gm = m0 + am, gk = k0 + ak;
      As[am][ak] = gm < M && gk < k_end ? load(A, gm, gk) : 0.0f;
      const int bk = B.cs == 1 ? a : tx, bn = B.cs == 1 ? tx : a;
      const long long gkb = k0 + bk;
      const int gn = n0 + bn;
      Bs[bk][bn] = gkb < k_end && gn < N ? load(B, gkb, gn) : 0.0f;
    }
    __syncthreads();
    for (int k = 0; k < kTile; ++k) {
      const float b = Bs[k][tx];
      for (int i = 0; i < kTile / 8; ++i) acc[i] += As[ty + 8 * i][k] * b;
    }
    __syncthreads();
  }
  C += blockIdx.z * c_segment_stride;
  const int n = n0 + tx;
  for (int i = 0; i < kTile / 8; ++i) {
    const long long m = m0 + ty + 8 * i;
    if (m >= M || n >= N) continue;
    const long long at = m * ldc + n;
    float v = acc[i];
    if (ep.bias) v += ep.bias[n];
    v *= ep.scale;
    if (ep.dz) v *= deform::activation_derivative(ep.activation, ep.dz[at], ep.da[at]);
    C[at] = v;
    if (ep.act_out) ep.act_out[at] = deform::activate(ep.activation, v);
  }
}

// A0 = ((x - center) / scale, t), n by 4.
__global__ void input_layer(const float* X, int n, float cx, float cy, float cz, float inv_scale, float t, float* A0) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float* x = X + 3LL * i;
  float* a = A0 + 4LL * i;
  a[0] = (x[0] - cx) * inv_scale;
  a[1] = (x[1] - cy) * inv_scale;
  a[2] = (x[2] - cz) * inv_scale;
  a[3] = t;
}

__global__ void scale_copy(const float* in, long long count, float s, float* out) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i < count) out[i] = s * in[i];
}

// grad of one layer: the sum over segments, in segment order, of the partial (out by in + 1)
// matrices, column `in` being the bias; scattered to the theta layout.
__global__ void sum_segments(const float* partial, int segments, int out, int in, int weight_offset, int bias_offset,
                             float* grad) {
  const int cols = in + 1;
  const int idx = blockIdx.x * blockDim.x + threadIdx.x;
  if (idx >= out * cols) return;
  float s = 0.0f;
  for (int seg = 0; seg < segments; ++seg) s += partial[static_cast<long long>(seg) * out * cols + idx];
  const int o = idx / cols, c = idx - o * cols;
  grad[c < in ? weight_offset + o * in + c : bias_offset + o] = s;
}

void gemm(long long M, int N, long long K, long long k_segment, const Operand& A, const Operand& B, float* C,
          long long ldc, long long c_segment_stride, const Epilogue& ep) {
  const long long segments = (K + k_segment - 1) / k_segment;
  const dim3 grid(static_cast<unsigned>((M + kTile - 1) / kTile), static_cast<unsigned>((N + kTile - 1) / kTile),
                  static_cast<unsigned>(segments));
  gemm_tile<<<grid, kThreads>>>(M, N, K, k_segment, A, B, C, ldc, c_segment_stride, ep);
  check_launch("mlp_device gemm_tile");
}

}  // namespace

struct MlpDevice::Buffers {
  DeviceBuffer<float> theta, x, xyz, out, grad, partial, delta[2];
  DeviceBuffer<float> a, z;          // all layers' activations (A_0 .. A_{L-1}) and pre-activations
  std::vector<long long> a_at, z_at;  // offsets of A_l and Z_l (l = 0 .. L-1; Z_0 unused)
};

MlpDevice::MlpDevice(MlpShape shape) : shape_(std::move(shape)), buffers_(std::make_unique<Buffers>()) {}
MlpDevice::~MlpDevice() = default;

void MlpDevice::run_forward(const float* theta, const float* X, int n, float t, int layers) {
  Buffers& b = *buffers_;
  const int L = static_cast<int>(shape_.layers.size());
  const long long N = n;
  b.a_at.assign(L, 0);
  b.z_at.assign(L, 0);
  long long a_size = 0, z_size = 0;
  for (int l = 0; l < L; ++l) {
    const int width = shape_.layers[l].in;  // A_l feeds layer l + 1
    b.a_at[l] = a_size;
    a_size += N * width;
    if (l > 0) {
      b.z_at[l] = z_size;
      z_size += N * width;
    }
  }
  float* d_theta = b.theta.reserve(shape_.parameter_count);
  float* d_x = b.x.reserve(3 * N);
  float* d_a = b.a.reserve(a_size);
  float* d_z = b.z.reserve(std::max(z_size, 1LL));
  float* d_out = b.out.reserve(3 * N);
  check(cudaMemcpy(d_theta, theta, sizeof(float) * shape_.parameter_count, cudaMemcpyHostToDevice), "copy theta");
  check(cudaMemcpy(d_x, X, sizeof(float) * 3 * N, cudaMemcpyHostToDevice), "copy X");
  input_layer<<<blocks_for(N, kThreads), kThreads>>>(d_x, n, shape_.center[0], shape_.center[1], shape_.center[2],
                                                     1.0f / shape_.scale, t, d_a);
  check_launch("mlp_device input_layer");
  for (int l = 1; l <= layers; ++l) {
    const MlpLayerShape& s = shape_.layers[l - 1];
    const Operand A{d_a + b.a_at[l - 1], s.in, 1, -1};
    const Operand W_t{d_theta + s.weight_offset, 1, s.in, -1};  // (k, o) -> W[o][k]
    Epilogue ep;
    ep.bias = d_theta + s.bias_offset;
    ep.activation = shape_.activation;
    if (l < L) {
      ep.act_out = d_a + b.a_at[l];
      gemm(N, s.out, s.in, s.in, A, W_t, d_z + b.z_at[l], s.out, 0, ep);
    } else {
      ep.scale = shape_.scale;  // v = scale * z_L
      gemm(N, s.out, s.in, s.in, A, W_t, d_out, 3, 0, ep);
    }
  }
}

void MlpDevice::forward(const float* theta, const float* X, int n, float t, float* V) {
  if (n <= 0) return;
  run_forward(theta, X, n, t, static_cast<int>(shape_.layers.size()));
  check(cudaMemcpy(V, buffers_->out.data(), sizeof(float) * 3 * n, cudaMemcpyDeviceToHost), "copy V");
}

void MlpDevice::vjp(const float* theta, const float* X, int n, float t, const float* dV, float* grad_theta,
                    float* grad_X) {
  if (n <= 0) {
    std::fill(grad_theta, grad_theta + shape_.parameter_count, 0.0f);
    return;
  }
  const int L = static_cast<int>(shape_.layers.size());
  run_forward(theta, X, n, t, L - 1);  // the hidden layers' Z and A
  Buffers& b = *buffers_;
  const long long N = n;
  int max_width = 4;
  long long max_cells = 0;
  for (const MlpLayerShape& s : shape_.layers) {
    max_width = std::max({max_width, s.in, s.out});
    max_cells = std::max(max_cells, static_cast<long long>(s.out) * (s.in + 1));
  }
  const long long segments = (N + kSegment - 1) / kSegment;
  float* d_theta = b.theta.data();
  float* d_dv = b.xyz.reserve(3 * N);
  float* d_grad = b.grad.reserve(shape_.parameter_count);
  float* d_partial = b.partial.reserve(segments * max_cells);
  float* delta = b.delta[0].reserve(N * max_width);
  float* next = b.delta[1].reserve(N * max_width);
  check(cudaMemcpy(d_dv, dV, sizeof(float) * 3 * N, cudaMemcpyHostToDevice), "copy dV");
  // dL/dz_L = scale * dV (v = scale * z_L).
  scale_copy<<<blocks_for(3 * N, kThreads), kThreads>>>(d_dv, 3 * N, shape_.scale, delta);
  check_launch("mlp_device scale_copy");
  for (int l = L; l >= 1; --l) {
    const MlpLayerShape& s = shape_.layers[l - 1];
    const float* a_prev = b.a.data() + b.a_at[l - 1];
    // grad W_l = delta^T A_{l-1}, grad b_l = delta^T 1: (out by in + 1) per segment of points.
    const Operand delta_t{delta, 1, s.out, -1};    // (o, i) -> delta[i][o]
    const Operand a_ones{a_prev, s.in, 1, s.in};   // (i, c) -> A[i][c], column `in` = 1
    gemm(s.out, s.in + 1, N, kSegment, delta_t, a_ones, d_partial, s.in + 1, static_cast<long long>(s.out) * (s.in + 1),
         Epilogue{});
    const int cells = s.out * (s.in + 1);
    sum_segments<<<blocks_for(cells, kThreads), kThreads>>>(d_partial, static_cast<int>(segments), s.out, s.in,
                                                            s.weight_offset, s.bias_offset, d_grad);
    check_launch("mlp_device sum_segments");
    // dL/dA_{l-1} = delta W_l, then times activation'(Z_{l-1}) (hidden) or / scale (the input x').
    const Operand d{delta, s.out, 1, -1};
    const Operand W{d_theta + s.weight_offset, s.in, 1, -1};
    Epilogue ep;
    ep.activation = shape_.activation;
    if (l > 1) {
      ep.dz = b.z.data() + b.z_at[l - 1];
      ep.da = b.a.data() + b.a_at[l - 1];
      gemm(N, s.in, s.out, s.out, d, W, next, s.in, 0, ep);
      std::swap(delta, next);
    } else {
      ep.scale = 1.0f / shape_.scale;
      gemm(N, 3, s.out, s.out, d, W, b.out.data(), 3, 0, ep);  // the t column is not needed
    }
  }
  check(cudaMemcpy(grad_theta, d_grad, sizeof(float) * shape_.parameter_count, cudaMemcpyDeviceToHost),
        "copy grad_theta");
  check(cudaMemcpy(grad_X, b.out.data(), sizeof(float) * 3 * N, cudaMemcpyDeviceToHost), "copy grad_X");
}

}  // namespace monge::cuda
