#include "solvers/deform/rk4.hpp"

#include <string>

#include "base/errors.hpp"

namespace monge::deform {

float Rk4Integrator::stage_time(int n, int stage) const {
  static constexpr float kOffset[4] = {0.0f, 0.5f, 0.5f, 1.0f};
  return t0_ + (float(n) + kOffset[stage]) * h_;
}

void Rk4Integrator::integrate(VelocityField& field, const Parameters& theta, Points& X, float t0, float t1,
                              int steps, bool record_tape, std::vector<Points>* trajectory) {
  if (steps < 1) throw InputError("rk4 steps: expected at least 1, got " + std::to_string(steps));
  t0_ = t0;
  steps_ = steps;
  h_ = (t1 - t0) / float(steps);
  have_tape_ = record_tape;
  if (record_tape && static_cast<int>(tape_.size()) < 4 * steps) tape_.resize(4 * steps);
  if (trajectory) {
    trajectory->resize(steps + 1);
    (*trajectory)[0] = X;
  }
  const float h = h_;
  for (int n = 0; n < steps; ++n) {
    if (record_tape) tape_[4 * n] = X;
    field.forward(theta, X, stage_time(n, 0), k1_);
    y_ = X + (0.5f * h) * k1_;
    if (record_tape) tape_[4 * n + 1] = y_;
    field.forward(theta, y_, stage_time(n, 1), k2_);
    y_ = X + (0.5f * h) * k2_;
    if (record_tape) tape_[4 * n + 2] = y_;
    field.forward(theta, y_, stage_time(n, 2), k3_);
    y_ = X + h * k3_;
    if (record_tape) tape_[4 * n + 3] = y_;
    field.forward(theta, y_, stage_time(n, 3), k4_);
    X += (h / 6.0f) * (k1_ + 2.0f * k2_ + 2.0f * k3_ + k4_);
    if (trajectory) (*trajectory)[n + 1] = X;
  }
}

void Rk4Integrator::backward(VelocityField& field, const Parameters& theta, const Points& grad_final,
                             Parameters& grad_theta, Points* grad_initial) {
  if (!have_tape_) throw SolverError("Rk4Integrator::backward: integrate was not called with record_tape");
  const float h = h_;
  adjoint_ = grad_final;
  // One parameter-gradient reduction for the whole pass (velocity_field.hpp).
  field.begin_gradient_sum();
  for (int n = steps_ - 1; n >= 0; --n) {
    dx_ = adjoint_;
    dk_[0] = (h / 6.0f) * adjoint_;
    dk_[1] = (h / 3.0f) * adjoint_;
    dk_[2] = dk_[1];
    dk_[3] = dk_[0];
    // Stage s (3..0) was evaluated at y_s = x + c_s h k_{s-1}, c = (-, 1/2, 1/2, 1).
    static constexpr float kFeed[4] = {0.0f, 0.5f, 0.5f, 1.0f};
    for (int s = 3; s >= 0; --s) {
      field.vjp(theta, tape_[4 * n + s], stage_time(n, s), dk_[s], grad_theta, gy_);
      dx_ += gy_;
      if (s > 0) dk_[s - 1] += (kFeed[s] * h) * gy_;
    }
    adjoint_.swap(dx_);
  }
  field.end_gradient_sum(grad_theta);
  if (grad_initial) *grad_initial = adjoint_;
}

}  // namespace monge::deform
