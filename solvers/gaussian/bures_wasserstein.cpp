#include "solvers/gaussian/bures_wasserstein.hpp"

#include <algorithm>

#include "solvers/gaussian/spd.hpp"

namespace monge::gaussian {

double bures_squared(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  const Eigen::MatrixXd root = spd_sqrt(A);
  const double cross = spd_sqrt(root * B * root).trace();
  return std::max(0.0, A.trace() + B.trace() - 2.0 * cross);
}

Eigen::MatrixXd bures_map(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  Eigen::MatrixXd root, inv_root;
  spd_sqrt_and_inv_sqrt(A, root, inv_root);
  return symmetrised(inv_root * spd_sqrt(root * B * root) * inv_root);
}

Eigen::MatrixXd bures_geodesic(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double t) {
  const Eigen::Index d = A.rows();
  const Eigen::MatrixXd G = (1.0 - t) * Eigen::MatrixXd::Identity(d, d) + t * bures_map(A, B);
  return symmetrised(G * A * G);
}

BuresMetric::BuresMetric(const Eigen::MatrixXd& M) : M_(symmetrised(M)) {
  spd_sqrt_and_inv_sqrt(M_, root_, inv_root_);
}

Eigen::MatrixXd BuresMetric::to_bures(const Eigen::MatrixXd& A) const {
  return generalised() ? symmetrised(inv_root_ * A * inv_root_) : A;
}

Eigen::MatrixXd BuresMetric::from_bures(const Eigen::MatrixXd& A) const {
  return generalised() ? symmetrised(root_ * A * root_) : A;
}

Eigen::MatrixXd BuresMetric::map_from_bures(const Eigen::MatrixXd& L) const {
  return generalised() ? Eigen::MatrixXd(root_ * L * inv_root_) : L;
}

Eigen::VectorXd BuresMetric::vector_to_bures(const Eigen::VectorXd& v) const {
  return generalised() ? Eigen::VectorXd(inv_root_ * v) : v;
}

double BuresMetric::squared(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) const {
  return bures_squared(to_bures(A), to_bures(B));
}

double BuresMetric::squared(const Gaussian& a, const Gaussian& b) const {
  return vector_to_bures(a.mean - b.mean).squaredNorm() + squared(a.cov, b.cov);
}

Eigen::MatrixXd BuresMetric::transport_map(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) const {
  return map_from_bures(bures_map(to_bures(A), to_bures(B)));
}

Eigen::MatrixXd BuresMetric::geodesic(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double t) const {
  return from_bures(bures_geodesic(to_bures(A), to_bures(B), t));
}

Gaussian BuresMetric::geodesic(const Gaussian& a, const Gaussian& b, double t) const {
  return {(1.0 - t) * a.mean + t * b.mean, geodesic(a.cov, b.cov, t)};
}

}  // namespace monge::gaussian
