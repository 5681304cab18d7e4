#include "solvers/gaussian/affine_invariant.hpp"

#include "solvers/gaussian/spd.hpp"

namespace monge::gaussian {

double affine_invariant_squared(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  const Eigen::MatrixXd inv_root = spd_inv_sqrt(A);
  return spd_log(symmetrised(inv_root * B * inv_root)).squaredNorm();
}

Eigen::MatrixXd affine_invariant_geodesic(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double t) {
  Eigen::MatrixXd root, inv_root;
  spd_sqrt_and_inv_sqrt(A, root, inv_root);
  return symmetrised(root * spd_power(symmetrised(inv_root * B * inv_root), t) * root);
}

KarcherResult karcher_mean(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& matrices,
                           double tolerance, int max_iterations, const Eigen::MatrixXd& start) {
  double total = 0;
  for (double w : weights) total += w;
  const Eigen::Index d = matrices.front().rows();
  KarcherResult r;
  if (start.size() > 0) {
    r.mean = start;
  } else {
    Eigen::MatrixXd log_mean = Eigen::MatrixXd::Zero(d, d);
    for (std::size_t i = 0; i < matrices.size(); ++i) log_mean += (weights[i] / total) * spd_log(matrices[i]);
    r.mean = symmetric_exp(log_mean);
  }
  for (;;) {
    Eigen::MatrixXd root, inv_root;
    spd_sqrt_and_inv_sqrt(r.mean, root, inv_root);
    Eigen::MatrixXd tangent = Eigen::MatrixXd::Zero(d, d);
    for (std::size_t i = 0; i < matrices.size(); ++i)
      tangent += (weights[i] / total) * spd_log(symmetrised(inv_root * matrices[i] * inv_root));
    r.residual = tangent.norm();
    r.converged = r.residual <= tolerance;
    if (r.converged || r.iterations >= max_iterations) break;
    r.mean = symmetrised(root * symmetric_exp(tangent) * root);
    ++r.iterations;
  }
  return r;
}

}  // namespace monge::gaussian
