#include "solvers/gaussian/diffusion_forward_flow.hpp"

#include <cmath>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/gaussian/probability_flow.hpp"

namespace monge::gaussian {

namespace {
const std::uint64_t kOuNoiseStream = mix64(0x6f752d6e6f697365ull);  // "ou-noise"
}  // namespace

KlAndFisher kl_and_fisher(const NoisedMixture& mixture, double t) {
  constexpr int n = 160;
  constexpr double lo = -6, hi = 6, h = (hi - lo) / n;
  const NoisedMixture::AtTime p = mixture.at(t);
  KlAndFisher r;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const Eigen::Vector2d x(lo + (i + 0.5) * h, lo + (j + 0.5) * h);
      Eigen::Vector2d score;
      const double log_p = p.log_density(x, &score);
      const double density = std::exp(log_p);
      const double log_noise = -std::log(2 * M_PI) - 0.5 * x.squaredNorm();
      r.kl += density * (log_p - log_noise);
      r.fisher += density * (x + score).squaredNorm();
    }
  r.kl *= h * h;
  r.fisher *= h * h;
  return r;
}

DiffusionForwardFlow::DiffusionForwardFlow(DiffusionForwardOptions options)
    : options_(std::move(options)), mixture_(options_.data) {
  if (!(options_.dt > 0) || !std::isfinite(options_.dt)) throw InputError("dt: expected a positive number");
  arrow_tails_ = window_grid(options_.window, options_.arrows);
}

void DiffusionForwardFlow::initialize(FlowState& state) {
  if (state.points.cols() != 2) throw InputError("diffusion-forward: the scene must be 2D");
  show(state, 0.0);
}

void DiffusionForwardFlow::step(FlowState& state) {
  const double a = std::exp(-options_.dt), s = std::sqrt(1 - a * a);
  const CounterRng rng(options_.seed, mix64(kOuNoiseStream ^ state.step));
  const Eigen::Index n = state.points.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    float z[4];
    rng.normal4(static_cast<std::uint64_t>(i), z);
    for (int k = 0; k < 2; ++k) state.points(i, k) = static_cast<float>(a * state.points(i, k) + s * z[k]);
  }
  show(state, (state.step + 1) * options_.dt);
}

void DiffusionForwardFlow::show(FlowState& state, double t) {
  std::vector<float> weights;
  for (int k = 0; k < mixture_.size(); ++k) weights.push_back(static_cast<float>(mixture_.weight(k)));
  put_ellipses(state.figures, "p_t components", mixture_.components_at(t), true, kColorReference, weights);

  const NoisedMixture::AtTime p = mixture_.at(t);
  const Points cells = window_grid(options_.window, options_.field_cells);
  std::vector<float> density(static_cast<std::size_t>(cells.rows()));
  for (Eigen::Index i = 0; i < cells.rows(); ++i)
    density[i] = static_cast<float>(std::exp(p.log_density(Eigen::Vector2d(cells(i, 0), cells(i, 1)))));
  put_field(state.figures, "density p_t", options_.window, options_.field_cells, density, false);

  ExactVelocity field(mixture_);
  Points V;
  field.velocity(arrow_tails_, t, V);
  put_arrows(state.figures, "probability-flow velocity", arrow_tails_, V, options_.arrow_scale);

  const KlAndFisher kf = kl_and_fisher(mixture_, t);
  diagnostics_.clear();
  diagnostics_.emplace_back("t", t);
  diagnostics_.emplace_back("kl_to_noise", kf.kl);
  diagnostics_.emplace_back("fisher", kf.fisher);
}

}  // namespace monge::gaussian
