#pragma once
// Particle discretisations of the Wasserstein gradient flow of
//     F(rho) = int V drho + 1/2 int int W(x - y) drho(x) drho(y) + temperature int rho log rho
//              + nu int U(rho)   (U by the blob method, blob.hpp)
// One explicit Euler(-Maruyama) step of size dt, with w_j the particle weights and xi_i standard
// normal vectors:
//     X_i <- X_i - dt (grad V(X_i) + sum_j w_j grad W(X_i - X_j)) + dt nu v_blob_i
//            + sqrt(2 temperature dt) xi_i.
// temperature > 0 makes it the stochastic particle method (Fokker-Planck: dX = -grad V dt +
// sqrt(2 T) dW); temperature = 0 makes it deterministic (aggregation, blob porous medium).
// The noise of step k is CounterRng(seed, stream = mix64(kNoiseStream ^ k)), particle i drawing
// block i (four normals, d <= 3 used): a step replays exactly.
//
// Diagnostics of a step describe the state at the START of the step (where the energy is
// evaluated anyway): {"energy"} = potential + interaction + blob internal energy (the entropy of
// the noise is not measurable from particles and is left out; it is exact for deterministic
// flows), {"potential_energy"}, {"interaction_energy"} (if any), {"internal_energy"} (blob),
// then mass, mean and covariance (moments.hpp). Where the exact law is Gaussian (quadratic or no
// potential, no interaction, no blob term), the flow records the moments of the state at step 0
// and adds {"exact_mean_x"}, ..., {"exact_cov_xx"}, ... of gaussian_solution.hpp at the step's
// start time: the closed form the particles should match.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "solvers/common/flow.hpp"
#include "solvers/energy/blob.hpp"
#include "solvers/energy/gaussian_solution.hpp"
#include "solvers/energy/interaction_sum.hpp"
#include "solvers/energy/potential.hpp"

namespace monge {

struct ParticleFlowOptions {
  std::string kind = "fokker-planck";          // reported by kind(): the scene's flow kind
  Potential potential;                         // V (None: 0)
  std::optional<InteractionOptions> interaction;  // W, or none
  double temperature = 0;                      // >= 0, noise sqrt(2 T dt)
  std::optional<BlobOptions> blob;             // internal energy by the blob method, or none
  double blob_coefficient = 1;                 // nu >= 0, multiplies U
  double dt = 0.01;                            // > 0
};

class ParticleEnergyFlow : public Flow {
 public:
  // seed: the scene seed. weights: N particle weights (empty: uniform). InputError on bad options.
  ParticleEnergyFlow(ParticleFlowOptions options, std::uint64_t seed, Weights weights = {});

  std::string kind() const override { return options_.kind; }
  // Throws SolverError naming dt if the step produces a non-finite coordinate, InputError if the
  // points' dimension differs from the potential's.
  void step(FlowState& state) override;
  double dt() const override { return options_.dt; }
  Diagnostics diagnostics() const override { return diagnostics_; }
  // Records the step-0 moments for exact_solution (the law at step 0 never changes, so reset()
  // keeps them).
  void initialize(FlowState& state) override;
  void reset() override { diagnostics_.clear(); }

  // The exact Gaussian law at flow time t, if the flow has one and has seen its step-0 state.
  std::optional<GaussianState> exact_solution(double t) const;

  // Live controls (GUI, between steps); each validates (InputError).
  void set_dt(double dt);
  void set_temperature(double temperature);
  void set_potential(Potential potential);
  void set_kernel(const InteractionKernel& kernel);
  const ParticleFlowOptions& options() const { return options_; }
  // Where the exact interaction and blob sums run (e.g. the GPU; null: CPU threads). Takes
  // effect at the next step; the state and the noise stream are unchanged.
  void set_interaction_runner(std::shared_ptr<InteractionRunner> runner);

  // The energy pieces and the drift at X, without moving: grad (N*d) = grad of V + W terms minus
  // nu * blob velocity. Exposed for tests (energy decrease) and for the GUI's energy readout.
  double energy(const Points& X, std::vector<double>* drift = nullptr);

  static constexpr std::uint64_t kNoiseStream = 0x4E4F495345ull;  // "NOISE"

 private:
  static void validate(const ParticleFlowOptions& o);
  Eigen::VectorXd weights_for(int n) const;
  ParticleFlowOptions options_;
  std::uint64_t seed_;
  Weights weights_;
  std::unique_ptr<InteractionSum> interaction_;
  std::shared_ptr<InteractionRunner> runner_;
  std::vector<double> drift_, scratch_;
  Diagnostics diagnostics_;
  double last_potential_ = 0, last_interaction_ = 0, last_internal_ = 0;
  std::optional<GaussianState> start_;  // moments at step 0 (for exact_solution)
};

}  // namespace monge
