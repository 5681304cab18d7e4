#include "solvers/gaussian/diffusion_sampler_flow.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"

namespace monge::gaussian {

namespace {
const std::uint64_t kSamplerSwStream = mix64(0x73616d706c65722dull);  // "sampler-": the fixed SW directions
constexpr int kCurlSamples = 128;     // exact samples of p_t the curl statistics average over
constexpr float kJacobianStep = 5e-3f;  // central-difference spacing (float positions)
}  // namespace

DiffusionSamplerFlow::DiffusionSamplerFlow(DiffusionSamplerOptions options, Points noise, Points data)
    : options_(std::move(options)), noise_(std::move(noise)), data_(std::move(data)), mixture_(options_.data),
      exact_(mixture_) {
  if (options_.steps < 1) throw InputError("steps: expected at least 1");
  if (options_.train_steps < 0) throw InputError("train_steps: expected 0 or more");
  if (options_.iterations_per_step < 1) throw InputError("iterations_per_step: expected at least 1");
  if (options_.projections < 1) throw InputError("projections: expected at least 1");
  if (!(options_.display_time >= 0 && options_.display_time <= horizon()))
    throw InputError("display_time: expected a time in [0, horizon]");
  if (noise_.cols() != 2 || data_.cols() != 2) throw InputError("diffusion-sampler: the scene must be 2D");
  if (noise_.rows() == 0 || data_.rows() == 0) throw InputError("diffusion-sampler: needs a source and a target");
  options_.training.seed = options_.seed;
  if (options_.learned) {
    trainer_ = std::make_unique<FlowMatchingTrainer>(options_.data, options_.training);
    learned_ = std::make_unique<LearnedVelocity>(*trainer_);
  }
  arrow_tails_ = window_grid(options_.window, options_.arrows);
  field_cells_ = window_grid(options_.window, options_.field_cells);
}

int DiffusionSamplerFlow::sampled_after(std::uint64_t k) const {
  const long long s = static_cast<long long>(k) - options_.train_steps;
  return static_cast<int>(std::clamp<long long>(s, 0, options_.steps));
}

double DiffusionSamplerFlow::time_after(std::uint64_t k) const {
  return horizon() * double(options_.steps - sampled_after(k)) / options_.steps;
}

void DiffusionSamplerFlow::train_until(std::uint64_t k) {
  const long long due = std::min<long long>(static_cast<long long>(k), options_.train_steps) * options_.iterations_per_step;
  if (trainer_->iterations_done() > due) {
    trainer_ = std::make_unique<FlowMatchingTrainer>(options_.data, options_.training);
    learned_ = std::make_unique<LearnedVelocity>(*trainer_);
  }
  // The loss shown: the mean over the last flow step's iterations (one batch is noisy).
  const long long last_step_from = due - options_.iterations_per_step;
  double sum = 0;
  int count = 0;
  while (trainer_->iterations_done() < due) {
    const bool counted = trainer_->iterations_done() >= last_step_from;
    const double loss = trainer_->step();
    if (!std::isfinite(loss))
      throw SolverError("diffusion-sampler: flow matching diverged at iteration " +
                        std::to_string(trainer_->iterations_done()) + "; lower training.learning_rate");
    if (counted) sum += loss, ++count;
  }
  if (count > 0) last_loss_ = sum / count;
}

const Points& DiffusionSamplerFlow::exact_cloud(int done) {
  if (exact_done_ < 0 || exact_done_ > done) {
    exact_cloud_ = noise_;
    exact_done_ = 0;
  }
  const double h = horizon() / options_.steps;
  while (exact_done_ < done) {
    rk4_.step(exact_, exact_cloud_, horizon() * double(options_.steps - exact_done_) / options_.steps, -h);
    ++exact_done_;
  }
  return exact_cloud_;
}

const Points& DiffusionSamplerFlow::display_cloud() {
  if (display_cloud_.size() == 0) {
    display_cloud_ = noise_.topRows(std::min<Eigen::Index>(kCurlSamples, noise_.rows()));
    const double span = horizon() - options_.display_time;
    const int n = std::max(1, static_cast<int>(std::ceil(span / (horizon() / options_.steps))));
    for (int i = 0; i < n; ++i) rk4_.step(exact_, display_cloud_, horizon() - i * span / n, -span / n);
  }
  return display_cloud_;
}

double DiffusionSamplerFlow::sw(const Points& X, const Points& Y) {
  SlicedOptions o;
  o.projections = options_.projections;
  o.seed = options_.seed;
  o.stream = kSamplerSwStream;
  return sw_.evaluate(X, {}, Y, {}, o).value;
}

void DiffusionSamplerFlow::initialize(FlowState& state) {
  if (state.points.cols() != 2) throw InputError("diffusion-sampler: the scene must be 2D");
  show(state, 0);
}

void DiffusionSamplerFlow::step(FlowState& state) {
  const std::uint64_t k = state.step + 1;
  if (options_.learned) train_until(k);
  const int before = sampled_after(state.step), after = sampled_after(k);
  if (after > before) {
    DiffusionField& field = options_.learned ? static_cast<DiffusionField&>(*learned_) : exact_;
    rk4_.step(field, state.points, time_after(state.step), -horizon() / options_.steps);
    if (!state.points.allFinite()) {
      std::ostringstream message;
      message << "diffusion-sampler: a particle left the finite range at t = " << time_after(k) << "; "
              << (options_.learned ? "the learned field is unstable: lower training.learning_rate or train longer"
                                   : "use more steps");
      throw SolverError(message.str());
    }
  }
  show(state, k);
}

void DiffusionSamplerFlow::show(FlowState& state, std::uint64_t k) {
  const bool training = k <= static_cast<std::uint64_t>(options_.train_steps) && options_.train_steps > 0;
  const double t = time_after(k);
  const double t_shown = training ? options_.display_time : t;
  DiffusionField& field = options_.learned ? static_cast<DiffusionField&>(*learned_) : exact_;

  // Curl statistics over exact samples of p_{t_shown}.
  const int done = sampled_after(k);
  const Points& reference = training ? display_cloud() : (options_.learned ? exact_cloud(done) : state.points);
  const Points samples = reference.topRows(std::min<Eigen::Index>(kCurlSamples, reference.rows()));
  Points J;
  velocity_jacobians(field, samples, t_shown, kJacobianStep, J);
  const CurlStatistics curl = curl_statistics(J);

  std::vector<float> weights;
  for (int c = 0; c < mixture_.size(); ++c) weights.push_back(static_cast<float>(mixture_.weight(c)));
  put_ellipses(state.figures, "p_t components", mixture_.components_at(t_shown), true, kColorReference, weights);
  Points V;
  field.velocity(arrow_tails_, t_shown, V);
  put_arrows(state.figures, "velocity", arrow_tails_, -V, options_.arrow_scale);  // the sampler runs t backwards
  std::vector<float> values(static_cast<std::size_t>(field_cells_.rows()));
  if (options_.learned) {
    Points cells_J;
    velocity_jacobians(field, field_cells_, t_shown, kJacobianStep, cells_J);
    for (Eigen::Index i = 0; i < cells_J.rows(); ++i) values[i] = cells_J(i, 2) - cells_J(i, 1);
    put_field(state.figures, "curl of the learned field", options_.window, options_.field_cells, values, true);
  } else {
    const NoisedMixture::AtTime p = mixture_.at(t_shown);
    for (Eigen::Index i = 0; i < field_cells_.rows(); ++i)
      values[i] = static_cast<float>(std::exp(p.log_density(Eigen::Vector2d(field_cells_(i, 0), field_cells_(i, 1)))));
    put_field(state.figures, "density p_t", options_.window, options_.field_cells, values, false);
  }

  diagnostics_.clear();
  diagnostics_.emplace_back("t", t);
  diagnostics_.emplace_back("sw_to_data", sw(state.points, data_));
  diagnostics_.emplace_back("curl_rms", curl.curl_rms);
  diagnostics_.emplace_back("curl_ratio", curl.ratio());
  if (options_.learned) {
    const Points& exact = exact_cloud(done);
    diagnostics_.emplace_back("loss", last_loss_);
    diagnostics_.emplace_back("learning_rate", trainer_->learning_rate());
    diagnostics_.emplace_back("sw_exact_to_data", sw(exact, data_));
    diagnostics_.emplace_back("sw_between_samplers", sw(state.points, exact));
  }
}

}  // namespace monge::gaussian
