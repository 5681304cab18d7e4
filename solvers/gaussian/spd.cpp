#include "solvers/gaussian/spd.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "base/errors.hpp"
#include "solvers/common/dense_factorisations.hpp"

namespace monge::gaussian {

namespace {

// V f(values) V^T, symmetrised.
template <class F>
Eigen::MatrixXd spectral(const Eigen::MatrixXd& A, F&& f) {
  const SymmetricEigen e = symmetric_eigen(A);
  Eigen::VectorXd fv(e.values.size());
  for (Eigen::Index i = 0; i < fv.size(); ++i) fv[i] = f(e.values[i]);
  return symmetrised(symmetric_function(e, fv));
}

}  // namespace

Eigen::MatrixXd symmetrised(const Eigen::MatrixXd& A) { return 0.5 * (A + A.transpose()); }

Eigen::MatrixXd spd_sqrt(const Eigen::MatrixXd& A) {
  return spectral(A, [](double l) { return std::sqrt(std::max(l, 0.0)); });
}

Eigen::MatrixXd spd_inv_sqrt(const Eigen::MatrixXd& A) {
  return spectral(A, [](double l) { return 1.0 / std::sqrt(l); });
}

Eigen::MatrixXd spd_power(const Eigen::MatrixXd& A, double p) {
  return spectral(A, [p](double l) { return std::pow(l, p); });
}

Eigen::MatrixXd spd_log(const Eigen::MatrixXd& A) {
  return spectral(A, [](double l) { return std::log(l); });
}

Eigen::MatrixXd symmetric_exp(const Eigen::MatrixXd& S) {
  return spectral(S, [](double l) { return std::exp(l); });
}

void spd_sqrt_and_inv_sqrt(const Eigen::MatrixXd& A, Eigen::MatrixXd& root, Eigen::MatrixXd& inv_root) {
  const SymmetricEigen e = symmetric_eigen(A);
  const Eigen::VectorXd r = e.values.cwiseMax(0.0).cwiseSqrt();
  root = symmetrised(symmetric_function(e, r));
  inv_root = symmetrised(symmetric_function(e, r.cwiseInverse()));
}

double condition_number(const Eigen::MatrixXd& A) {
  const SymmetricEigen e = symmetric_eigen(A);
  const double lo = e.values.minCoeff(), hi = e.values.maxCoeff();
  return lo > 0 ? hi / lo : std::numeric_limits<double>::infinity();
}

bool is_spd(const Eigen::MatrixXd& A) {
  if (A.rows() != A.cols() || A.rows() == 0 || !A.allFinite()) return false;
  const double scale = A.cwiseAbs().maxCoeff();
  if (!(scale > 0) || (A - A.transpose()).cwiseAbs().maxCoeff() > 1e-9 * scale) return false;
  const SymmetricEigen e = symmetric_eigen(symmetrised(A));
  return e.values.minCoeff() > 1e-12 * e.values.maxCoeff();
}

void require_spd(const Eigen::MatrixXd& A, int d, const std::string& what) {
  if (A.rows() != d || A.cols() != d) {
    std::ostringstream s;
    s << what << ": expected a " << d << "x" << d << " matrix, got " << A.rows() << "x" << A.cols();
    throw InputError(s.str());
  }
  if (!is_spd(A)) throw InputError(what + ": not symmetric positive definite (eigenvalues must be positive)");
}

Eigen::MatrixXd matrix_from_axes(double angle, double major, double minor) {
  Eigen::Matrix2d Q;
  Q << std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle);
  return Q * Eigen::Vector2d(major, minor).asDiagonal() * Q.transpose();
}

}  // namespace monge::gaussian
