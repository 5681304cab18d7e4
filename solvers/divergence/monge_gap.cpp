#include "solvers/divergence/monge_gap.hpp"

#include "base/errors.hpp"
#include "solvers/divergence/one_thread.hpp"
#include "solvers/entropic/divergence.hpp"

namespace monge {

MongeGapResult monge_gap(const Points& X, const Points& TX, const SinkhornOptions& options, bool with_gradient,
                         const SinkhornResult* warm) {
  if (X.rows() != TX.rows() || X.cols() != TX.cols() || X.rows() < 1)
    throw InputError("monge_gap: the samples and their images must be the same non-empty size");
  if (options.cost != GroundCost::SquaredEuclidean) throw InputError("monge_gap: the cost must be squared Euclidean");
  OneThreadScope one_thread;
  const Eigen::Index n = X.rows();
  MongeGapResult r;
  r.cost = (X.cast<double>() - TX.cast<double>()).rowwise().squaredNorm().mean();
  const bool reuse = warm && warm->f.size() == n && warm->g.size() == n;
  r.solve = solve_entropic(TX, {}, X, {}, options, reuse ? warm : nullptr);
  r.ot = r.solve.objective;
  r.value = r.cost - r.ot;
  if (with_gradient) {
    const Points bary = barycentric_images(TX, {}, X, {}, r.solve, options);
    r.gradient = (2.0f / static_cast<float>(n)) * (bary - X);
  }
  return r;
}

}  // namespace monge
