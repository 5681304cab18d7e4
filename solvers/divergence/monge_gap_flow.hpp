#pragma once
// The "monge-gap" flow: a map T from the scene's source samples (μ) to its target samples (ν),
// trained live, one Adam iteration per step (monge_gap_trainer.hpp); dt() = 1, so flow time
// counts iterations. See docs/divergence.md.
//
// What the state carries:
//   points    T(x_i), the pushed-forward source samples
//   arrows    "x -> T(x)": tails x_i, heads T(x_i)
// Diagnostics of a step, at its start: loss (fitting + λ gap), fitting (S_ε(T#μ, ν)), monge_gap,
// and, when the scene's source and target are both Gaussian, map_error: ‖T − T*‖ / ‖T* − id‖ on
// the source samples, T* the closed-form optimal linear map (gaussian_ot.hpp).
//
// The network is not in the state, so the flow keeps it, with checkpoints every
// `checkpoint_every` iterations: a step asked of a state of another step index (the user scrubbed
// back, or changed λ, which builds a new flow) restores the latest checkpoint at or before it and
// replays the iterations in between, so the state of step k is always the same function of the
// scene, whatever the path that led there.
#include <map>
#include <optional>

#include "solvers/common/flow.hpp"
#include "solvers/divergence/gaussian_ot.hpp"
#include "solvers/divergence/monge_gap_trainer.hpp"

namespace monge {

struct MongeGapFlowOptions {
  MongeGapOptions trainer;
  std::optional<AffineMap> reference;  // T*, for map_error
  int checkpoint_every = 32;
  int max_checkpoints = 512;           // beyond, replays start from the last one kept
};

class MongeGapFlow : public Flow {
 public:
  // X  n by 2 source samples, Y  m by 2 target samples.
  MongeGapFlow(Points X, Points Y, MongeGapFlowOptions options);

  std::string kind() const override { return "monge-gap"; }
  void initialize(FlowState& state) override;
  void step(FlowState& state) override;
  double dt() const override { return 1.0; }
  Diagnostics diagnostics() const override { return diagnostics_; }

  const MongeGapTrainer& trainer() const { return trainer_; }

 private:
  // Bring the trainer to `iterations` (restore a checkpoint, replay).
  void seek(int iterations);
  void write(FlowState& state) const;

  MongeGapFlowOptions options_;
  MongeGapTrainer trainer_;
  std::map<int, MongeGapTrainer::State> checkpoints_;  // by iteration, 0 included
  Diagnostics diagnostics_;
};

}  // namespace monge
