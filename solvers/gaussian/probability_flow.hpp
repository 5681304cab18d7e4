#pragma once
// Velocity fields v_t(x) on 2D points for the diffusion demos, their integration and their curl.
//   ExactVelocity   v_t = -x - grad log p_t of a noised mixture (noised_mixture.hpp): a gradient
//                   field, so its curl is 0;
//   LearnedVelocity (flow_matching.hpp) a network fitted to it by flow matching, which nothing
//                   forces to be a gradient.
// The probability-flow ODE dx/dt = v_t(x) is integrated with classic RK4; the sampler runs it
// backwards in t (negative steps) from the noise at t = T to the data at t = 0.
//
// Shapes: X, V are N by 2 (monge::Points, float), t is the diffusion time (double).
#include "solvers/common/types.hpp"
#include "solvers/gaussian/noised_mixture.hpp"

namespace monge::gaussian {

class DiffusionField {
 public:
  virtual ~DiffusionField() = default;
  // V = v_t(X), resized to N by 2. Each row depends on its own point only, so the result is the
  // same on any number of threads.
  virtual void velocity(const Points& X, double t, Points& V) = 0;
};

class ExactVelocity final : public DiffusionField {
 public:
  explicit ExactVelocity(const NoisedMixture& mixture) : mixture_(mixture) {}
  void velocity(const Points& X, double t, Points& V) override;  // in double, rounded to float

 private:
  const NoisedMixture& mixture_;
};

// One RK4 step of dx/dt = v_t(x) from t to t + h (h < 0 runs backwards). Keeps its stage buffers.
class Rk4Stepper {
 public:
  void step(DiffusionField& field, Points& X, double t, double h);

 private:
  Points k1_, k2_, k3_, k4_, y_;
};

// The Jacobians of v_t at the rows of X by central differences of spacing h (four batched field
// evaluations): J is N by 4, rows (dvx/dx, dvx/dy, dvy/dx, dvy/dy).
void velocity_jacobians(DiffusionField& field, const Points& X, double t, float h, Points& J);

struct CurlStatistics {
  double curl_rms = 0;      // sqrt(mean_i curl_i^2), curl = dvy/dx - dvx/dy
  double jacobian_rms = 0;  // sqrt(mean_i |J_i|_F^2): the scale the curl is measured against
  double ratio() const { return jacobian_rms > 0 ? curl_rms / jacobian_rms : 0.0; }
};
// From the N by 4 Jacobians of velocity_jacobians (summed in row order: deterministic).
CurlStatistics curl_statistics(const Points& J);

}  // namespace monge::gaussian
