#include "solvers/divergence/gaussian_ot.hpp"

#include <cmath>
#include <string>

#include "base/errors.hpp"
#include "solvers/common/dense_factorisations.hpp"

namespace monge {
namespace {

void check(const Eigen::VectorXd& m, const Eigen::MatrixXd& S, const std::string& what) {
  const auto d = m.size();
  if (S.rows() != d || S.cols() != d) throw InputError(what + ": covariance must be " + std::to_string(d) + " by " + std::to_string(d));
  if (!m.allFinite() || !S.allFinite() || !(S - S.transpose()).isZero(1e-9 * (1.0 + S.cwiseAbs().maxCoeff())))
    throw InputError(what + ": not a finite symmetric covariance");
  Eigen::MatrixXd L;
  if (!cholesky_lower(S, L)) throw InputError(what + ": covariance not positive definite");
}

Eigen::MatrixXd sqrt_psd(const Eigen::MatrixXd& S, double power) {
  const SymmetricEigen e = symmetric_eigen(S);
  return symmetric_function(e, e.values.cwiseMax(0.0).array().pow(power).matrix());
}

}  // namespace

Points AffineMap::apply(const Points& X) const {
  const Eigen::MatrixXd Y = (X.cast<double>().rowwise() - from.transpose()) * A.transpose();
  return (Y.rowwise() + to.transpose()).cast<float>();
}

AffineMap gaussian_ot_map(const Eigen::VectorXd& m1, const Eigen::MatrixXd& S1, const Eigen::VectorXd& m2,
                          const Eigen::MatrixXd& S2) {
  check(m1, S1, "source");
  check(m2, S2, "target");
  if (m1.size() != m2.size()) throw InputError("gaussian_ot_map: source and target dimensions differ");
  const Eigen::MatrixXd r = sqrt_psd(S1, 0.5), ri = sqrt_psd(S1, -0.5);
  const Eigen::MatrixXd middle = sqrt_psd(r * S2 * r, 0.5);
  AffineMap T;
  T.A = ri * middle * ri;
  T.A = 0.5 * (T.A + T.A.transpose());
  T.from = m1;
  T.to = m2;
  return T;
}

double gaussian_w2_squared(const Eigen::VectorXd& m1, const Eigen::MatrixXd& S1, const Eigen::VectorXd& m2,
                           const Eigen::MatrixXd& S2) {
  check(m1, S1, "source");
  check(m2, S2, "target");
  const Eigen::MatrixXd r = sqrt_psd(S1, 0.5);
  return (m1 - m2).squaredNorm() + (S1 + S2 - 2.0 * sqrt_psd(r * S2 * r, 0.5)).trace();
}

double relative_map_error(const Points& X, const Points& TX, const Points& RX) {
  if (TX.rows() != X.rows() || RX.rows() != X.rows() || TX.cols() != X.cols() || RX.cols() != X.cols())
    throw InputError("relative_map_error: the point sets differ in size");
  const double err = (TX.cast<double>() - RX.cast<double>()).norm();
  const double disp = (RX.cast<double>() - X.cast<double>()).norm();
  return disp > 0 ? err / disp : err;
}

}  // namespace monge
