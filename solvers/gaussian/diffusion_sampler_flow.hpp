#pragma once
// "diffusion-sampler": a diffusion model's sampler as the probability-flow ODE run backwards,
// dx/dt = v_t(x) from t = T (noise) to t = 0 (data), with either the exact velocity of the noised
// mixture ("exact": -x - grad log p_t, a gradient field) or an MLP trained live by flow matching
// ("learned", flow_matching.hpp: not a gradient, yet it carries the noise onto the data).
//
// Phases, in flow steps k = 1, 2, ... (dt = T / steps throughout):
//   k <= train_steps                 training: the learned field takes iterations_per_step Adam
//                                    iterations per flow step; the particles wait at the noise
//                                    (the exact field waits too, so a split view stays in step);
//   train_steps < k <= train_steps + steps
//                                    sampling: one RK4 step from t to t - T / steps;
//   after that                       hold at t = 0.
// The particles start as the source points (the noise); `data` are samples of the data mixture
// (the scene's target) to measure against. The learned variant also runs the exact sampler from
// the same noise (hidden, replayed on demand) so that the two clouds can be compared at every t.
// The trained network is the flow's hidden state: a state resumed at step k replays the training
// up to k (seeded: exact).
//
// Figures: "p_t components" (dashed), "velocity" (the sampler's velocity -v_t on a grid: the
// direction the particles move) and a field: "curl of the learned field" (diverging; learned) or
// "density p_t" (exact). During training they show t = display_time.
// Diagnostics: t (diffusion time shown), sw_to_data (SW_2 between the particles and the data
// samples, `projections` fixed directions), curl_rms and curl_ratio (the field's curl, RMS over
// up to 128 exact samples of p_t, and that over the RMS Frobenius norm of its Jacobian: ~0 for
// the exact field up to rounding, clearly positive for the learned one); learned only: loss (the mean
// over the last training step's iterations), learning_rate, sw_exact_to_data and sw_between_samplers
// (learned particles against the exact sampler's).
#include <cstdint>
#include <memory>
#include <vector>

#include "solvers/common/flow.hpp"
#include "solvers/gaussian/flow_matching.hpp"
#include "solvers/gaussian/gaussian_figures.hpp"
#include "solvers/gaussian/noised_mixture.hpp"
#include "solvers/gaussian/probability_flow.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

namespace monge::gaussian {

struct DiffusionSamplerOptions {
  std::vector<GaussianComponent> data;  // the data mixture (2D)
  bool learned = false;
  int steps = 80;                       // RK4 steps from T to 0
  int train_steps = 0;                  // flow steps of training before sampling starts
  int iterations_per_step = 4;          // Adam iterations per training step (learned)
  FlowMatchingOptions training;         // its horizon is T; its seed the scene's
  double display_time = 0.5;            // the time the figures show during training
  PlaneWindow window;
  int field_cells = 16;                 // curl / density grid cells per side
  int arrows = 15;                      // arrows per side
  double arrow_scale = 0.15;
  int projections = 64;                 // SW directions (fixed for the whole run)
  std::uint64_t seed = 0;
};

class DiffusionSamplerFlow final : public Flow {
 public:
  // noise  N by 2 starting particles; data  M by 2 samples of the data mixture.
  DiffusionSamplerFlow(DiffusionSamplerOptions options, Points noise, Points data);

  std::string kind() const override { return "diffusion-sampler"; }
  void initialize(FlowState& state) override;
  void step(FlowState& state) override;
  double dt() const override { return options_.training.horizon / options_.steps; }
  Diagnostics diagnostics() const override { return diagnostics_; }

 private:
  double horizon() const { return options_.training.horizon; }
  // Sampling steps done after flow step k (0 during training).
  int sampled_after(std::uint64_t k) const;
  // Diffusion time after flow step k.
  double time_after(std::uint64_t k) const;
  // Train to the iterations due after flow step k (replaying from scratch if ahead).
  void train_until(std::uint64_t k);
  // The exact sampler's cloud after `done` sampling steps (cached; replayed from the noise).
  const Points& exact_cloud(int done);
  // The exact sampler's cloud at display_time (cached once).
  const Points& display_cloud();
  double sw(const Points& X, const Points& Y);
  void show(FlowState& state, std::uint64_t k);

  DiffusionSamplerOptions options_;
  Points noise_, data_;
  NoisedMixture mixture_;
  ExactVelocity exact_;
  std::unique_ptr<FlowMatchingTrainer> trainer_;
  std::unique_ptr<LearnedVelocity> learned_;
  Rk4Stepper rk4_;
  Points exact_cloud_;
  int exact_done_ = -1;
  Points display_cloud_;
  double last_loss_ = 0;
  Points arrow_tails_, field_cells_;
  SlicedWasserstein sw_;
  Diagnostics diagnostics_;
};

}  // namespace monge::gaussian
