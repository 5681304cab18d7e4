#pragma once
// The sliced-Wasserstein flow (Liutkus et al. 2019): particles descend SW_p^p towards a fixed
// target, with fresh directions every step and optional Langevin noise.
//
// Step convention. With a_i the weight of particle i (1/N when uniform), G = d(SW_p^p estimate)/dX
// (sliced_wasserstein.hpp) and xi_i standard normal vectors:
//     X_i <- X_i - step * G_i / (p a_i) + sqrt(2 noise step) xi_i.
// For p = 2 and the plain estimator, G_i / (2 a_i) = (1/L) sum_l (<theta_l, X_i> - T_l(X_i)) theta_l,
// where T_l(X_i) is the 1D optimal transport image of X_i's projection (the barycentre of the
// target quantiles over its quantile interval). So step = 1 moves each particle, along each
// direction on average, onto its 1D matched point: X <- X - step (N/2) grad SW_2^2 for uniform
// weights, the Euler step of the flow of Liutkus et al. with h = step. For p = 1, G_i / a_i is the
// mean of sign(<theta_l, X_i> - T_l) theta_l over the matched mass, so particles move by at most
// `step` per step: use small steps. dt() = step (flow time advances by the step size).
//
// Directions of step k come from CounterRng(seed, stream = k): replaying a step replays its
// directions exactly. Diagnostics of a step: {"sw", SW_p estimate between the positions at the
// start of the step and the target (for max directions Max-SW_p, for vmf v-DSW_p)}, {"sw_stderr",
// its standard error}, {"displacement", mean over particles of |X_i(after) - X_i(before)|}.
#include <cstdint>

#include "solvers/common/flow.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

namespace monge {

struct SlicedFlowOptions {
  SlicedOptions sw;        // p, projections, directions, estimator, kappa; seed/stream are set per step
  double step = 1.0;       // step size (>= 0), also dt
  double noise = 0.0;      // Langevin temperature lambda >= 0: noise sqrt(2 lambda step) per step
};

class SlicedFlow : public Flow {
 public:
  // target: the measure to flow onto (M by d, weights optional). source_weights: N weights of the
  // particles, or empty for uniform (its size is checked against the state at each step).
  // seed: the scene seed. Throws InputError for bad options or an empty target.
  SlicedFlow(Measure target, SlicedFlowOptions options, std::uint64_t seed, Weights source_weights = {});

  std::string kind() const override { return "sliced-wasserstein"; }
  // Throws SolverError if the state holds (or the step produces) a non-finite coordinate, and
  // InputError if its dimension differs from the target's.
  void step(FlowState& state) override;
  double dt() const override { return options_.step; }
  Diagnostics diagnostics() const override { return diagnostics_; }
  void reset() override { diagnostics_.clear(); }

  // Live controls (the GUI calls these between steps). Each validates and throws InputError.
  void set_step(double step);
  void set_noise(double noise);
  void set_projections(int projections);
  void set_directions(DirectionScheme directions);
  void set_estimator(Estimator estimator);
  void set_kappa(double kappa);
  void set_p(int p);
  // Run the engine's projections on `runner` (the GPU), or on CPU threads with nullptr. The
  // target never changes in a flow, so a runner may keep it on the device between steps.
  void set_runner(std::shared_ptr<ProjectionRunner> runner) {
    engine_.set_target_id(runner ? new_target_id() : 0);
    engine_.set_runner(std::move(runner));
  }
  const ProjectionRunner* runner() const { return engine_.runner().get(); }
  const SlicedFlowOptions& options() const { return options_; }
  const Measure& target() const { return target_; }

 private:
  static void validate(const SlicedFlowOptions& options);
  Measure target_;
  SlicedFlowOptions options_;
  std::uint64_t seed_;
  Weights source_weights_;
  SlicedWasserstein engine_;
  Points grad_;      // N by d, reused between steps
  Diagnostics diagnostics_;
};

}  // namespace monge
