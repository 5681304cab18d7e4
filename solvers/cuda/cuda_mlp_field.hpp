#pragma once
// MlpField on the GPU: the same options, theta layout, initial parameters and activations
// (solvers/deform/activation.hpp), computed by MlpDevice. Results equal MlpField's up to float
// summation order (tests/gpu/test_gpu_deform.cpp). Like MlpField, one object per integrator: it
// keeps device buffers sized for the last N (grow-only) and is not for concurrent calls.
#include "solvers/cuda/mlp_device.hpp"
#include "solvers/deform/mlp_field.hpp"

namespace monge::cuda {

class CudaMlpField final : public deform::VelocityField {
 public:
  // Throws InputError for the options MlpField rejects.
  explicit CudaMlpField(const deform::MlpOptions& options);

  const char* name() const override { return "mlp"; }
  int parameter_count() const override { return cpu_.parameter_count(); }
  deform::Parameters initial_parameters(std::uint64_t seed) const override { return cpu_.initial_parameters(seed); }
  // Throw InputError when theta, X or dV have the wrong shape, SolverError on a CUDA failure.
  void forward(const deform::Parameters& theta, const Points& X, float t, Points& V) override;
  void vjp(const deform::Parameters& theta, const Points& X, float t, const Points& dV, deform::Parameters& grad_theta,
           Points& grad_X) override;

  const deform::MlpOptions& options() const { return cpu_.options(); }

 private:
  void check_shapes(const deform::Parameters& theta, const Points& X) const;
  deform::MlpField cpu_;  // validates the options, owns the layout and the initialisation
  MlpDevice device_;
  deform::Parameters grad_;  // the device's grad_theta, before it is added to the caller's
};

}  // namespace monge::cuda
