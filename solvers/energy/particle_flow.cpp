#include "solvers/energy/particle_flow.hpp"

#include <cmath>
#include <sstream>

#include "base/errors.hpp"
#include "solvers/common/ordered_sum.hpp"
#include "solvers/common/random.hpp"
#include "solvers/energy/moments.hpp"

namespace monge {

void ParticleEnergyFlow::validate(const ParticleFlowOptions& o) {
  if (!(o.dt > 0) || !std::isfinite(o.dt)) throw InputError("flow.dt: must be positive and finite");
  if (!(o.temperature >= 0) || !std::isfinite(o.temperature)) throw InputError("flow.temperature: must be >= 0");
  if (o.blob) {
    if (!(o.blob->m >= 1) || !std::isfinite(o.blob->m)) throw InputError("flow.m: must be >= 1");
    if (!(o.blob->eps > 0) || !std::isfinite(o.blob->eps)) throw InputError("flow.epsilon: must be positive");
    if (!(o.blob_coefficient >= 0) || !std::isfinite(o.blob_coefficient))
      throw InputError("flow.coefficient: must be >= 0");
  }
  if (o.interaction) o.interaction->kernel.validate("flow.interaction");
}

ParticleEnergyFlow::ParticleEnergyFlow(ParticleFlowOptions options, std::uint64_t seed, Weights weights)
    : options_(std::move(options)), seed_(seed), weights_(std::move(weights)) {
  validate(options_);
  if (options_.interaction) interaction_ = std::make_unique<InteractionSum>(*options_.interaction);
}

void ParticleEnergyFlow::set_dt(double dt) {
  ParticleFlowOptions o = options_;
  o.dt = dt;
  validate(o);
  options_ = o;
}

void ParticleEnergyFlow::set_temperature(double temperature) {
  ParticleFlowOptions o = options_;
  o.temperature = temperature;
  validate(o);
  options_ = o;
}

void ParticleEnergyFlow::set_potential(Potential potential) { options_.potential = std::move(potential); }

void ParticleEnergyFlow::set_kernel(const InteractionKernel& kernel) {
  kernel.validate("flow.interaction");
  InteractionOptions io = options_.interaction ? *options_.interaction : InteractionOptions{};
  io.kernel = kernel;
  options_.interaction = io;
  interaction_ = std::make_unique<InteractionSum>(io);
  interaction_->set_runner(runner_);
}

void ParticleEnergyFlow::set_interaction_runner(std::shared_ptr<InteractionRunner> runner) {
  runner_ = std::move(runner);
  if (interaction_) interaction_->set_runner(runner_);
}

Eigen::VectorXd ParticleEnergyFlow::weights_for(int n) const {
  if (weights_.size() == 0) return Eigen::VectorXd::Constant(n, n > 0 ? 1.0 / n : 0.0);
  if (weights_.size() != n)
    throw InputError("flow: the scene has " + std::to_string(weights_.size()) + " weights but the state has " +
                     std::to_string(n) + " particles");
  Eigen::VectorXd w = weights_.cast<double>();
  return w / w.sum();
}

double ParticleEnergyFlow::energy(const Points& X, std::vector<double>* drift) {
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  const Potential& V = options_.potential;
  if (V.dim() != 0 && V.dim() != d)
    throw InputError("flow.potential: is " + std::to_string(V.dim()) + "-dimensional but the points have d = " +
                     std::to_string(d));
  const Eigen::VectorXd w = weights_for(n);
  std::vector<double>& g = drift ? *drift : drift_;
  g.assign(static_cast<std::size_t>(n) * d, 0.0);
  // ordered_sum: the energy's bits do not depend on the thread count.
  last_potential_ = ordered_sum(n, 1024, [&](std::int64_t i) {
    double gi[8];
    const double v = w[i] * V.value_and_gradient(X.row(i).data(), d, gi);
    for (int k = 0; k < d; ++k) g[static_cast<std::size_t>(i) * d + k] = gi[k];
    return v;
  });
  last_interaction_ = 0;
  if (interaction_) {
    last_interaction_ = interaction_->compute(X, w, scratch_, true);
    for (std::size_t k = 0; k < g.size(); ++k) g[k] += scratch_[k];
  }
  last_internal_ = 0;
  if (options_.blob && options_.blob_coefficient > 0) {
    last_internal_ = options_.blob_coefficient * (runner_ ? runner_->blob(X, w, *options_.blob, scratch_)
                                                          : blob_velocity(X, w, *options_.blob, scratch_));
    for (std::size_t k = 0; k < g.size(); ++k) g[k] -= options_.blob_coefficient * scratch_[k];
  }
  return last_potential_ + last_interaction_ + last_internal_;
}

void ParticleEnergyFlow::initialize(FlowState& state) {
  if (state.points.cols() < 2 || state.points.rows() == 0) return;
  const Moments m = point_moments(state.points, weights_for(static_cast<int>(state.points.rows())));
  start_ = GaussianState{m.mean, m.cov};
}

std::optional<GaussianState> ParticleEnergyFlow::exact_solution(double t) const {
  if (!start_ || options_.interaction || options_.blob || !has_gaussian_solution(options_.potential)) return std::nullopt;
  if (options_.potential.dim() != 0 && options_.potential.dim() != start_->mean.size()) return std::nullopt;
  return gaussian_solution(options_.potential, options_.temperature, *start_, t);
}

void ParticleEnergyFlow::step(FlowState& state) {
  Points& X = state.points;
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  if (d < 1 || d > 3) throw InputError("flow: particles must have d = 1, 2 or 3, got " + std::to_string(d));
  const double total = energy(X, &drift_);
  diagnostics_.clear();
  diagnostics_.emplace_back("energy", total);
  diagnostics_.emplace_back("potential_energy", last_potential_);
  if (interaction_) diagnostics_.emplace_back("interaction_energy", last_interaction_);
  if (options_.blob) diagnostics_.emplace_back("internal_energy", last_internal_);
  if (d >= 2) {
    const Moments now = point_moments(X, weights_for(n));
    append_moments(now, diagnostics_);
    if (state.step == 0) start_ = GaussianState{now.mean, now.cov};
    if (const auto exact = exact_solution(state.time)) {
      Moments m;
      m.mass = now.mass;
      m.mean = exact->mean;
      m.cov = exact->cov;
      Diagnostics extra;
      append_moments(m, extra);
      for (auto& [key, value] : extra)
        if (key != "mass") diagnostics_.emplace_back("exact_" + key, value);
    }
  }

  const double dt = options_.dt;
  const float noise = static_cast<float>(std::sqrt(2.0 * options_.temperature * dt));
  const CounterRng rng(seed_, mix64(kNoiseStream ^ state.step));
  bool finite = true;
#pragma omp parallel for schedule(static) reduction(&& : finite)
  for (int i = 0; i < n; ++i) {
    float z[4] = {0, 0, 0, 0};
    if (noise > 0) rng.normal4(static_cast<std::uint64_t>(i), z);
    for (int k = 0; k < d; ++k) {
      const float x = X(i, k) - static_cast<float>(dt * drift_[static_cast<std::size_t>(i) * d + k]) + noise * z[k];
      X(i, k) = x;
      finite = finite && std::isfinite(x);
    }
  }
  if (!finite) {
    std::ostringstream msg;
    msg << options_.kind << ": particles left the finite range at step " << state.step << " (t = " << state.time
        << "); dt = " << dt << " is too large for this energy: reduce flow.dt";
    throw SolverError(msg.str());
  }
}

}  // namespace monge
