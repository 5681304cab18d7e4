#pragma once
// "spd-batch-norm": Riemannian batch normalisation (batch_norm.hpp) of a batch of ill-conditioned
// covariances, under Bures-Wasserstein ("bw") or affine-invariant ("ai") geometry, animated: over
// `steps` flow steps each member S_i moves along the metric's geodesic to its normalised S~_i
// (flow step k shows t = min(1, k / steps)).
// Figures: "batch" (the B members as centred ellipses, coloured by log10 of their starting
// condition number, so each keeps its colour), "batch barycentre" (the barycentre of the batch as
// shown, solved every step) and "identity" (dashed: where the barycentre must end).
// Particles: source point j is drawn with member j mod B, x_j = S_(j mod B)(t)^1/2 z_j (a
// standard-normal source shows samples of the batch's Gaussians).
// Diagnostics: t, spread (of the shown batch about its own barycentre), spread_before,
// spread_after, barycentre_to_identity (distance in the metric; <= 1e-6 at t = 1) and
// max_condition (of the shown batch).
#include <vector>

#include "solvers/common/flow.hpp"
#include "solvers/gaussian/batch_norm.hpp"

namespace monge::gaussian {

struct BatchNormFlowOptions {
  std::vector<Eigen::MatrixXd> batch;  // B SPD d by d, d = 2 or 3
  SpdMetric metric = SpdMetric::BuresWasserstein;
  double target_spread = 0;            // 0: no rescaling
  int steps = 90;                      // flow steps of the animation (dt = 1 / steps)
};

class SpdBatchNormFlow final : public Flow {
 public:
  SpdBatchNormFlow(BatchNormFlowOptions options, Points source);

  std::string kind() const override { return "spd-batch-norm"; }
  void initialize(FlowState& state) override { show(state, 0); }
  void step(FlowState& state) override { show(state, state.step + 1); }
  double dt() const override { return 1.0 / options_.steps; }
  Diagnostics diagnostics() const override { return diagnostics_; }

  const BatchNormResult& result() const { return result_; }

 private:
  void show(FlowState& state, std::uint64_t k);

  BatchNormFlowOptions options_;
  Points source_;
  std::vector<double> weights_;
  BatchNormResult result_;
  std::vector<float> log_condition_;
  Diagnostics diagnostics_;
};

}  // namespace monge::gaussian
