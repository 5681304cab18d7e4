#pragma once
// "diffusion-forward": the forward noising of a diffusion model, the Ornstein-Uhlenbeck process
// dX = -X dt + sqrt(2) dW from a 2D Gaussian mixture (noised_mixture.hpp), seen as what it is in
// law: the Wasserstein gradient flow of KL(rho | N(0, I)).
//
// Particles take the exact OU transition each step (no time-discretisation error):
//   X <- a X + sqrt(1 - a^2) xi,  a = e^-dt,
// with xi from CounterRng(seed, stream = mix64(kOuNoiseStream ^ k)) at step k, particle i reading
// block i; so their law is p_t exactly, and a step replays from any state.
// Figures: "p_t components" (the mixture's components at t, coloured by weight), "density p_t"
// (the exact density on the window) and "probability-flow velocity" (v_t = -x - grad log p_t on a
// grid: the deterministic velocity that moves p_t exactly as the noise does, arrows of
// arrow_scale * v).
// Diagnostics: t, kl_to_noise = KL(p_t | N(0, I)) and fisher = E_p_t |v_t|^2 (the relative Fisher
// information, the squared metric speed of the gradient flow; d/dt KL = -fisher, de Bruijn's
// identity), both by quadrature on a 160 by 160 grid over [-6, 6]^2.
#include <cstdint>
#include <vector>

#include "solvers/common/flow.hpp"
#include "solvers/gaussian/gaussian_figures.hpp"
#include "solvers/gaussian/noised_mixture.hpp"

namespace monge::gaussian {

struct DiffusionForwardOptions {
  std::vector<GaussianComponent> data;  // the mixture at t = 0 (2D)
  double dt = 0.02;                     // flow time per step, > 0
  PlaneWindow window;                   // where the density and the arrows are drawn
  int field_cells = 96;                 // density grid cells per side
  int arrows = 15;                      // arrows per side
  double arrow_scale = 0.15;            // arrow = arrow_scale * velocity
  std::uint64_t seed = 0;
};

// KL(p_t | N(0, I)) and E_p_t |v_t|^2 by midpoint quadrature (the diagnostics above).
struct KlAndFisher {
  double kl = 0, fisher = 0;
};
KlAndFisher kl_and_fisher(const NoisedMixture& mixture, double t);

class DiffusionForwardFlow final : public Flow {
 public:
  explicit DiffusionForwardFlow(DiffusionForwardOptions options);

  std::string kind() const override { return "diffusion-forward"; }
  void initialize(FlowState& state) override;
  void step(FlowState& state) override;
  double dt() const override { return options_.dt; }
  Diagnostics diagnostics() const override { return diagnostics_; }

 private:
  void show(FlowState& state, double t);

  DiffusionForwardOptions options_;
  NoisedMixture mixture_;
  Points arrow_tails_;
  Diagnostics diagnostics_;
};

}  // namespace monge::gaussian
