#pragma once
// The "divergence-fit" flow: a model fitted live to a 2D target by gradient descent on a chosen
// divergence (divergence_kind.hpp); the playground of forward vs reverse KL, JS, α, TV, Hellinger,
// sliced Wasserstein and Sinkhorn. See docs/divergence.md.
//
// Models
//   gaussian   one Gaussian N(m, LLᵀ)             parameters: mean, log-Cholesky factor (6)
//   mixture    K Gaussians                         + mixture logits (6K; mixture_2d.hpp)
//   particles  N points, density by Gaussian KDE   parameters: the positions
// Integrals: grid divergences by midpoint quadrature on `grid` (exact to rounding for these
// smooth densities), sample divergences on reparameterised samples x = m_k + L_k z_i of the
// model (fixed standard normals z, drawn once from the seed: common random numbers make the loss
// a smooth function of the parameters), weighted w_k / n, against M samples of the target.
//
// A step:  θ ← θ − step · P ∇_θ D        (gaussian, mixture; P the inverse of the diagonal blocks of
//                                          the model's Fisher information: Σ_k / w_k for a mean,
//                                          1 / w_k for log-scales and logits, L11² / w_k for L10, so
//                                          a step means the same for targets of any scale), then
//                                          each standard deviation kept between a quarter cell
//                                          and the grid's diagonal
//          x_n ← x_n − step · N ∇_{x_n} D  (particles: N × the gradient, which is O(1/N), so the
//                                          step means the same for any number of particles)
// dt() = step. The model lives in the state, not in the flow: a parametric model in the state's
// "model" ellipses (means, covariances, weights as values), particles in state.points. So step()
// is a function of the state alone (and of the Sinkhorn warm start), and a state restored from
// the timeline continues exactly. A state whose "model" has another number of components (the
// user changed `components`) restarts from the start model.
//
// What the state carries (FlowState::figures, the same entries for the whole run):
//   fields    "target density" (p, fixed) and "model density" (q)
//   ellipses  "model" (the model's components; particles: their mean and covariance) and, for a
//             mixture target, "target modes" (dashed)
//   points    particles, or `samples` draws of the parametric model (the same z every step, each
//             point keeps its identity)
// Diagnostics of a step, all of the state at its start (the point where the gradient is taken):
//   loss        the divergence minimised (SW_2² for sliced-wasserstein, S_ε for sinkhorn)
//   kl_forward, kl_reverse, js   the same yardsticks on the grid for every divergence, so a split
//               view compares its columns on common scales
//   mode_k      mass of the model in target mode k: ∫ q(x) r_k(x) dx, r_k the posterior of mode k
//               under the target mixture (particles: the mean of r_k over the particles)
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "solvers/common/flow.hpp"
#include "solvers/divergence/grid_divergence.hpp"
#include "solvers/divergence/mixture_2d.hpp"
#include "solvers/divergence/particle_density.hpp"
#include "solvers/divergence/sample_divergence.hpp"

namespace monge {

enum class ModelKind { Gaussian, Mixture, Particles };
// "gaussian", "mixture", "particles".
const char* model_name(ModelKind kind);
ModelKind parse_model(const std::string& name, const std::string& what);

struct DivergenceFitOptions {
  DivergenceKind divergence = DivergenceKind::ReverseKL;
  double alpha = 0.5;               // alpha only; α in [0, 1] (0, 1: the KLs)
  double step = 0.1;                // learning rate (> 0)
  QuadratureGrid grid;              // where densities are integrated and drawn
  SampleDivergenceOptions sample;   // projections (SW), eps / tol / max_iter (Sinkhorn), seed
  int samples = 256;                // parametric models: draws z_i (shown points; per component for SW, Sinkhorn)
  double bandwidth = 0.2;           // particles: KDE bandwidth h (> 0)
  std::uint64_t seed = 0;           // the draws z_i, u_i
};

// The target p.
struct DivergenceTarget {
  Mixture2D density;  // a Gaussian mixture, or a KDE as one (kde_mixture)
  int modes = 0;      // mixture: density.size() (mode_k diagnostics, "target modes" ellipses); KDE: 0
  Points samples;     // M by 2 draws of p: the target of sliced-wasserstein and sinkhorn
};

class DivergenceFitFlow : public Flow {
 public:
  // A gaussian (start.size() == 1) or mixture model starting at `start`. Throws InputError for
  // bad options, a target without samples where the divergence needs them, or alpha out of range.
  DivergenceFitFlow(DivergenceTarget target, Mixture2D start, DivergenceFitOptions options);
  // A particle model: the particles are the state's points (N by 2).
  DivergenceFitFlow(DivergenceTarget target, DivergenceFitOptions options);

  std::string kind() const override { return "divergence-fit"; }
  void initialize(FlowState& state) override;
  void step(FlowState& state) override;
  double dt() const override { return options_.step; }
  Diagnostics diagnostics() const override { return diagnostics_; }
  void reset() override {
    if (sample_) sample_->reset();
  }

  ModelKind model() const { return model_; }
  const DivergenceFitOptions& options() const { return options_; }
  const DivergenceTarget& target() const { return target_; }
  // The parametric model a state holds (its "model" ellipses), or the start model.
  Mixture2D model_of(const FlowState& state) const;

  // The divergence D at a parametric model q (and ∇_θ D, 6K numbers, if grad is not null), or at
  // particles X (N by 2; ∇_X D, N by 2). `call` picks the SW directions (step() passes the step
  // index). Used by step() and by the gradient tests.
  double objective(const Mixture2D& q, std::uint64_t call, Eigen::VectorXd* grad);
  double objective(const Points& X, std::uint64_t call, Points* grad);

 private:
  void check_options();
  void write_parametric(FlowState& state, const Mixture2D& q);
  void write_particles(FlowState& state);
  // Diagnostics from log_q_ (and, for particles, the positions X).
  void record(double loss, const Points* particles);
  void set_figures(FlowState& state, const std::vector<double>& log_q, const std::vector<GaussianComponent>& model);

  DivergenceTarget target_;
  ModelKind model_;
  Mixture2D start_;
  DivergenceFitOptions options_;
  std::vector<double> log_p_;      // log p on the grid
  Eigen::MatrixXd modes_;          // target.modes by grid.size(): posterior of each mode per cell
  DensityGrid target_field_;       // p on the grid, for the "target density" field
  Eigen::MatrixX2d z_;             // samples by 2 standard normals
  Eigen::VectorXd u_;              // samples uniforms (which component a shown draw comes from)
  std::vector<double> log_q_;      // log q of the last objective() call
  std::optional<ParticleDensity> density_;  // particles
  std::optional<SampleDivergence> sample_;  // sliced-wasserstein, sinkhorn
  Diagnostics diagnostics_;
};

}  // namespace monge
