#include "solvers/entropic/divergence_flow.hpp"

#include <cmath>
#include <utility>

#include "base/errors.hpp"

namespace monge {

SinkhornDivergenceFlow::SinkhornDivergenceFlow(Measure target, DivergenceFlowOptions options, Weights source_weights)
    : target_(std::move(target)), options_(options), source_weights_(std::move(source_weights)) {
  options_.solver.cost = GroundCost::SquaredEuclidean;
  set_eps(options_.solver.eps);
  set_step(options_.step);
}

void SinkhornDivergenceFlow::set_eps(double eps) {
  if (!(eps > 0) || !std::isfinite(eps)) throw InputError("eps: expected a positive number");
  if (eps != options_.solver.eps) warm_.reset();  // potentials scale with ε: restart with ε-scaling
  options_.solver.eps = eps;
}

void SinkhornDivergenceFlow::set_method(EntropicMethod method) { options_.solver.method = method; }

void SinkhornDivergenceFlow::set_step(double step) {
  if (!(step >= 0) || !std::isfinite(step)) throw InputError("step: expected a non-negative number");
  options_.step = step;
}

void SinkhornDivergenceFlow::step(FlowState& state) {
  Points& X = state.points;
  if (X.cols() != target_.dim())
    throw InputError("sinkhorn-divergence flow: particles have d = " + std::to_string(X.cols()) + " but the target has d = " +
                     std::to_string(target_.dim()));
  DivergenceResult r = sinkhorn_divergence(X, source_weights_, target_.points, target_.weights, options_.solver, true,
                                           warm_ ? &*warm_ : nullptr, /*reuse_yy=*/true);
  const Eigen::VectorXd a = probability_vector(source_weights_, static_cast<int>(X.rows()), "source weights");
  for (int i = 0; i < X.rows(); ++i) {
    // The potentials move with the particles, to first order: ∇f(x) = 2(x − T(x)) for the squared
    // cost (envelope theorem), so the next warm start is f_i + 2(x_i − T(x_i))·Δx_i. This cuts the
    // next solve's first error by about half (docs/entropic.md, "Flow").
    double fxy = 0, fxx = 0;
    for (int k = 0; k < X.cols(); ++k) {
      const double dx = -options_.step * r.gradient(i, k) / a[i];
      fxy += 2.0 * (X(i, k) - static_cast<double>(r.images_xy(i, k))) * dx;
      fxx += 2.0 * (X(i, k) - static_cast<double>(r.images_xx(i, k))) * dx;
      X(i, k) += static_cast<float>(dx);
    }
    r.xy.f[i] += fxy;
    r.xx.f[i] += fxx;
    r.xx.g[i] += fxx;
  }
  if (!X.allFinite()) throw SolverError("sinkhorn-divergence flow: positions became NaN or infinite; lower the step");
  diagnostics_ = {{"divergence", r.value},
                  {"iterations", static_cast<double>(r.xy.iterations)},
                  {"marginal_error", r.xy.marginal_error},
                  {"eps", options_.solver.eps}};
  warm_ = std::move(r);
}

}  // namespace monge
