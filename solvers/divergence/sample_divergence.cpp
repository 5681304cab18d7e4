#include "solvers/divergence/sample_divergence.hpp"

#include <string>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/divergence/amortised_sinkhorn.hpp"
#include "solvers/divergence/one_thread.hpp"

namespace monge {

SampleDivergence::SampleDivergence(DivergenceKind kind, SampleDivergenceOptions options)
    : kind_(kind), options_(options) {
  if (is_grid_divergence(kind)) throw InputError(std::string(divergence_name(kind)) + " is not a sample divergence");
  if (options.projections < 1) throw InputError("projections: must be at least 1");
  if (!(options.eps > 0)) throw InputError("eps: must be positive");
  if (!(options.tol >= 0) || options.max_iter < 1) throw InputError("tol, max_iter: must be >= 0 and >= 1");
}

SampleDivergenceResult SampleDivergence::evaluate(const Points& X, const Weights& a, const Points& Y, const Weights& b,
                                                  std::uint64_t call, bool weight_gradient) {
  OneThreadScope one_thread;
  SampleDivergenceResult r;
  if (kind_ == DivergenceKind::SlicedWasserstein) {
    SlicedOptions o;
    o.p = 2;
    o.projections = options_.projections;
    o.seed = options_.seed;
    o.stream = mix64(call);
    r.value = sliced_.evaluate(X, a, Y, b, o, &r.grad_x).value_pow;
    return r;
  }
  SinkhornOptions o;
  o.eps = options_.eps;
  o.tol = options_.tol;
  o.max_iter = options_.max_iter;
  const bool warm = warm_ && warm_->xy.f.size() == X.rows() && warm_->xy.g.size() == Y.rows();
  DivergenceResult d = sinkhorn_divergence(X, a, Y, b, amortised(o, !warm), true, warm ? &*warm_ : nullptr, warm);
  r.value = d.value;
  r.grad_x = d.gradient;
  if (weight_gradient) r.grad_a = d.xy.f - 0.5 * (d.xx.f + d.xx.g);
  warm_ = std::move(d);
  return r;
}

}  // namespace monge
