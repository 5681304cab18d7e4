#include "solvers/energy/gaussian_solution.hpp"

#include <Eigen/Eigenvalues>

#include "solvers/common/errors.hpp"

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
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(p.matrix());
  const Eigen::MatrixXd& Q = eig.eigenvectors();
  const Eigen::ArrayXd l = eig.eigenvalues().array();
  const Eigen::MatrixXd E = Q * (-l * t).exp().matrix().asDiagonal() * Q.transpose();
  const Eigen::MatrixXd R = Q * ((1 - (-2 * l * t).exp()) / l).matrix().asDiagonal() * Q.transpose();
  out.mean = p.center() + E * (start.mean - p.center());
  out.cov = E * start.cov * E.transpose() + temperature * R;
  return out;
}

}  // namespace monge
