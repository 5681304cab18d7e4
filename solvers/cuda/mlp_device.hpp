#pragma once
// The MLP velocity field (solvers/deform/mlp_field.hpp) on the GPU, behind a plain-pointer
// interface so that the .cu file sees no Eigen. Same theta layout, same activations (the MONGE_HD
// functions of solvers/deform/activation.hpp), so the results match MlpField up to float
// summation order.
//
// Each layer is a tiled GEMM over all N points with the bias, the activation (forward) or the
// activation's derivative (backward) applied as it writes its tile. Unlike the CPU, which
// recomputes a chunk's activations in vjp, the device keeps every layer's Z and A for all N points:
// about (2 depth width + 4) floats per point (1.6 GB for 1M points at 3 x 64), grow-only.
// grad_theta sums over points in fixed segments of 2048 points (one GEMM tile per segment, in
// order) and then over segments in order: no atomics, the same bits on every run.
#include <memory>
#include <vector>

#include "solvers/deform/activation.hpp"

namespace monge::cuda {

struct MlpLayerShape {
  int in = 0, out = 0;
  int weight_offset = 0, bias_offset = 0;  // into theta: W (out by in, row-major), b (out)
};

struct MlpShape {
  std::vector<MlpLayerShape> layers;  // input layer first; layers[0].in == 4, back().out == 3
  int parameter_count = 0;
  deform::Activation activation = deform::Activation::Tanh;
  float center[3] = {0, 0, 0};  // v(x, t) = scale * MLP((x - center) / scale, t)
  float scale = 1.0f;
};

class MlpDevice {
 public:
  explicit MlpDevice(MlpShape shape);
  ~MlpDevice();
  MlpDevice(const MlpDevice&) = delete;
  MlpDevice& operator=(const MlpDevice&) = delete;

  // All pointers are host memory. X, V: n by 3 row-major; theta: parameter_count floats.
  // Throws SolverError on a CUDA failure (out of device memory included).
  void forward(const float* theta, const float* X, int n, float t, float* V);
  // grad_theta (parameter_count) is overwritten with (dV/dtheta)^T dV, grad_X (n by 3) with
  // (dV/dX)^T dV.
  void vjp(const float* theta, const float* X, int n, float t, const float* dV, float* grad_theta, float* grad_X);

 private:
  struct Buffers;
  // Uploads theta and X and runs layers 1 .. `layers` (the last one, if run, writes scale * z to
  // the output buffer).
  void run_forward(const float* theta, const float* X, int n, float t, int layers);
  MlpShape shape_;
  std::unique_ptr<Buffers> buffers_;
};

}  // namespace monge::cuda
