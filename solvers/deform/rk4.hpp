#pragma once
// Classic fourth-order Runge-Kutta for dx/dt = v_theta(x, t) on N points in 3D, with its exact
// discrete adjoint: back-propagation through the RK4 stages gives the gradient of a loss on the
// final points with respect to theta and to the initial points, exact for the discrete map (not
// an approximation of the continuous adjoint ODE, which would need a backward solve).
//
// One step from t to t + h:
//   y1 = x,            k1 = v(y1, t)
//   y2 = x + h/2 k1,   k2 = v(y2, t + h/2)
//   y3 = x + h/2 k2,   k3 = v(y3, t + h/2)
//   y4 = x + h k3,     k4 = v(y4, t + h)
//   x' = x + h/6 (k1 + 2 k2 + 2 k3 + k4)
// Its adjoint, given a = dL/dx': dk1 = dk4 = h/6 a, dk2 = dk3 = h/3 a, dx = a; then, stage 4 down
// to 1, (g_theta, g_y) = vjp of v at (y_s, t_s) with dk_s; theta gets g_theta, dx += g_y, and the
// stage that produced y_s gets its share: dk3 += h g_y4, dk2 += h/2 g_y3, dk1 += h/2 g_y2.
// The tape keeps the stage inputs y1..y4 of every step (4 S by N by 3 floats: 3.8 MB for 10k
// points and 8 steps); the field recomputes its own activations in vjp.
//
// Integrating from t0 = 1 to t1 = 0 (h < 0) runs the flow backwards: the inverse of the forward
// map up to the RK4 error, which is what the invertibility test checks.
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/deform/velocity_field.hpp"

namespace monge::deform {

class Rk4Integrator {
 public:
  // Moves X (N by 3) from t0 to t1 in `steps` >= 1 equal RK4 steps. With record_tape the stage
  // inputs are kept for backward(). With trajectory not null it receives steps + 1 snapshots of
  // X, at t0 + k (t1 - t0) / steps (the first is the input, the last the result).
  // Throws InputError for steps < 1. No allocation after the first call with the same sizes.
  void integrate(VelocityField& field, const Parameters& theta, Points& X, float t0, float t1, int steps,
                 bool record_tape = false, std::vector<Points>* trajectory = nullptr);

  // After integrate(..., record_tape = true): given grad_final = dL/dX(t1) (N by 3), adds dL/dtheta
  // to grad_theta (parameter_count() rows) and, if grad_initial is not null, writes dL/dX(t0)
  // into it. theta must be the one used by integrate.
  void backward(VelocityField& field, const Parameters& theta, const Points& grad_final, Parameters& grad_theta,
                Points* grad_initial = nullptr);

  // Time of stage `stage` (0..3) of step n, computed the same way in both passes.
  float stage_time(int n, int stage) const;

 private:
  float t0_ = 0, h_ = 0;
  int steps_ = 0;
  bool have_tape_ = false;
  std::vector<Points> tape_;      // 4 * steps stage inputs, N by 3 each
  Points k1_, k2_, k3_, k4_, y_;  // forward workspaces
  Points adjoint_, dx_, dk_[4], gy_;  // backward workspaces
};

}  // namespace monge::deform
