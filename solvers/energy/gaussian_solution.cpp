#include "solvers/energy/gaussian_solution.hpp"

#include "solvers/common/dense_factorisations.hpp"
#include "base/errors.hpp"

namespace monge {

bool has_gaussian_solution(const Potential& p) {
  return p.kind() == PotentialKind::None || p.kind() == PotentialKind::Quadratic;
}

GaussianState gaussian_solution(const Potential& p, double temperature, const GaussianState& start, double t) {
  const int d = static_cast<int>(start.mean.size());
  GaussianState out;
  if (p.kind() == PotentialKind::None) {
    out.mean = start.mean;
    out.cov = start.cov + 2 * temperature * t * Eigen::MatrixXd::Identity(d, d);
    return out;
  }
  if (p.kind() != PotentialKind::Quadratic) throw InputError("gaussian_solution: the potential has no closed form");
  // A = Q diag(l) Q^T: e^{-At} = Q diag(e^{-l t}) Q^T, A^{-1}(I - e^{-2At}) = Q diag((1 - e^{-2 l t})/l) Q^T.
  const SymmetricEigen eig = symmetric_eigen(p.matrix());
  const Eigen::ArrayXd l = eig.values.array();
  const Eigen::MatrixXd E = symmetric_function(eig, (-l * t).exp().matrix());
  const Eigen::MatrixXd R = symmetric_function(eig, ((1 - (-2 * l * t).exp()) / l).matrix());
  out.mean = p.center() + E * (start.mean - p.center());
  out.cov = E * start.cov * E.transpose() + temperature * R;
  return out;
}

}  // namespace monge
