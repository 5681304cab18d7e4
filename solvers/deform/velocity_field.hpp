#pragma once
// A velocity field v_theta(x, t) on batches of 3D points, with a flat parameter vector theta, as
// trained by the ODE mesh deformation (arXiv 2305.17555): the flow of dx/dt = v_theta(x, t) from
// t = 0 to 1 carries the source surface onto the target.
//
// Two implementations: MlpField (mlp_field.hpp, the paper's neural field) and KernelField
// (kernel_field.hpp, Gaussian kernel with momenta at control points).
//
// Shapes: X and V are N by 3 (monge::Points, row-major float); theta is parameter_count() floats.
// A field object holds per-thread workspaces (hence the non-const methods): one object per
// integrator, not shared between threads that call it at the same time. Both methods are
// deterministic for a given number of OpenMP threads.
#include <cstdint>

#include <Eigen/Core>

#include "solvers/common/types.hpp"

namespace monge::deform {

using Parameters = Eigen::VectorXf;

class VelocityField {
 public:
  virtual ~VelocityField() = default;

  // "mlp" or "kernel".
  virtual const char* name() const = 0;
  virtual int parameter_count() const = 0;
  // The starting parameters, a function of `seed` only; the field they give is zero or small,
  // so that the flow starts near the identity map.
  virtual Parameters initial_parameters(std::uint64_t seed) const = 0;

  // V = v_theta(X, t). V is resized to N by 3 (no allocation when it already has that size).
  virtual void forward(const Parameters& theta, const Points& X, float t, Points& V) = 0;

  // Vector-Jacobian product at (X, t) given dV = dL/dV (N by 3):
  //   grad_theta += (dV/dtheta)^T dV   (accumulated: grad_theta must have parameter_count() rows)
  //   grad_X      = (dV/dX)^T dV       (overwritten, resized to N by 3)
  virtual void vjp(const Parameters& theta, const Points& X, float t, const Points& dV, Parameters& grad_theta,
                   Points& grad_X) = 0;

  // Optional batching of the parameter gradient over many vjp calls (the RK4 stages of one
  // backward pass): after begin_gradient_sum(), a field may keep vjp's contributions to grad_theta
  // in its own buffers (grad_theta is then left alone) and add their sum into the grad_theta given
  // to end_gradient_sum(). The default adds at once, and these two do nothing.
  virtual void begin_gradient_sum() {}
  virtual void end_gradient_sum(Parameters& /*grad_theta*/) {}
};

}  // namespace monge::deform
