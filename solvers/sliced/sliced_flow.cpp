#include "solvers/sliced/sliced_flow.hpp"

#include <cmath>
#include <utility>

#include "base/errors.hpp"
#include "solvers/common/ordered_sum.hpp"
#include "solvers/common/random.hpp"

namespace monge {

namespace {
// Stream of the Langevin noise of a step, apart from the engine's direction streams.
constexpr std::uint64_t kNoiseTag = 0x6E6F697365ull;  // "noise"
}  // namespace

void SlicedFlow::validate(const SlicedFlowOptions& o) {
  if (!(o.step >= 0) || !std::isfinite(o.step)) throw InputError("step: expected a finite number >= 0, got " + std::to_string(o.step));
  if (!(o.noise >= 0) || !std::isfinite(o.noise)) throw InputError("noise: expected a finite number >= 0, got " + std::to_string(o.noise));
  if (o.sw.p != 1 && o.sw.p != 2) throw InputError("p: expected 1 or 2, got " + std::to_string(o.sw.p));
  if (o.sw.projections < 1) throw InputError("projections: expected at least 1, got " + std::to_string(o.sw.projections));
  if (!(o.sw.kappa > 0) || !std::isfinite(o.sw.kappa)) throw InputError("kappa: expected a positive number, got " + std::to_string(o.sw.kappa));
  const bool uniform_dirs = o.sw.directions != DirectionScheme::MaxSliced && o.sw.directions != DirectionScheme::VonMisesFisher;
  if (o.sw.estimator != Estimator::Plain && !uniform_dirs)
    throw InputError(std::string("estimator: ") + estimator_name(o.sw.estimator) +
                     " assumes directions uniform on the sphere (mc, orthogonal or qmc), not '" +
                     direction_scheme_name(o.sw.directions) + "'");
}

SlicedFlow::SlicedFlow(Measure target, SlicedFlowOptions options, std::uint64_t seed, Weights source_weights)
    : target_(std::move(target)), options_(options), seed_(seed), source_weights_(std::move(source_weights)) {
  validate(options_);
  if (target_.size() == 0) throw InputError("target: the sliced-Wasserstein flow needs a non-empty target");
}

void SlicedFlow::set_step(double step) {
  SlicedFlowOptions o = options_;
  o.step = step;
  validate(o);
  options_ = o;
}
void SlicedFlow::set_noise(double noise) {
  SlicedFlowOptions o = options_;
  o.noise = noise;
  validate(o);
  options_ = o;
}
void SlicedFlow::set_projections(int projections) {
  SlicedFlowOptions o = options_;
  o.sw.projections = projections;
  validate(o);
  options_ = o;
}
void SlicedFlow::set_directions(DirectionScheme directions) {
  SlicedFlowOptions o = options_;
  o.sw.directions = directions;
  validate(o);
  options_ = o;
}
void SlicedFlow::set_estimator(Estimator estimator) {
  SlicedFlowOptions o = options_;
  o.sw.estimator = estimator;
  validate(o);
  options_ = o;
}
void SlicedFlow::set_kappa(double kappa) {
  SlicedFlowOptions o = options_;
  o.sw.kappa = kappa;
  validate(o);
  options_ = o;
}
void SlicedFlow::set_p(int p) {
  SlicedFlowOptions o = options_;
  o.sw.p = p;
  validate(o);
  options_ = o;
}

void SlicedFlow::step(FlowState& state) {
  Points& X = state.points;
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  if (n == 0) return;
  if (d != target_.dim())
    throw InputError("sliced-wasserstein: particles have d = " + std::to_string(d) + " but the target has d = " +
                     std::to_string(target_.dim()));
  if (source_weights_.size() != 0 && source_weights_.size() != n)
    throw InputError("sliced-wasserstein: " + std::to_string(source_weights_.size()) + " source weights for " +
                     std::to_string(n) + " particles");
  if (!X.allFinite())
    throw SolverError("sliced-wasserstein: non-finite particle positions at step " + std::to_string(state.step) +
                      " (the step size may be too large)");

  SlicedOptions o = options_.sw;
  o.seed = seed_;
  o.stream = state.step;
  const SlicedResult r = engine_.evaluate(X, source_weights_, target_.points, target_.weights, o, &grad_);

  // X_i -= step * G_i / (p a_i), plus the noise, in one pass that also sums the displacement
  // diagnostic (no copy of X to diff against: each element's old value is at hand).
  const double total = source_weights_.size() ? static_cast<double>(source_weights_.sum()) : 0.0;
  const double p = o.p;
  const double step = options_.step;
  const bool noisy = options_.noise > 0 && step > 0;
  const CounterRng rng(seed_, mix64(state.step ^ (kNoiseTag << 20)));
  const float sigma = noisy ? static_cast<float>(std::sqrt(2.0 * options_.noise * step)) : 0.0f;
  // ordered_sum: the displacement's bits do not depend on the thread count.
  const double moved = ordered_sum(n, 1024, [&](std::int64_t row) {
    const int i = static_cast<int>(row);
    const double a = source_weights_.size() ? source_weights_[i] / total : 1.0 / n;
    // A particle of zero weight carries no mass: the estimate does not depend on it, it stays put.
    const double scale = a > 0 ? step / (p * a) : 0.0;
    double squared = 0;
    for (int j = 0; j < d; ++j) {
      const float before = X(i, j);
      float x = static_cast<float>(before - scale * grad_(i, j));
      if (noisy) x += sigma * rng.normal(static_cast<std::uint64_t>(i) * d + j);
      X(i, j) = x;
      const double diff = static_cast<double>(x - before);
      squared += diff * diff;
    }
    return std::sqrt(squared);
  });
  if (!X.allFinite())
    throw SolverError("sliced-wasserstein: the step produced non-finite positions at step " + std::to_string(state.step) +
                      " (reduce the step size or the noise)");
  diagnostics_ = {{"sw", r.value}, {"sw_stderr", r.std_error}, {"displacement", moved / n}};
}

}  // namespace monge
