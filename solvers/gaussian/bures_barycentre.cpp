#include "solvers/gaussian/bures_barycentre.hpp"

#include <algorithm>
#include <cmath>

#include "base/errors.hpp"
#include "solvers/gaussian/spd.hpp"

namespace monge::gaussian {

std::vector<double> normalised_weights(const std::vector<double>& weights, const std::string& what) {
  if (weights.empty()) throw InputError(what + ": no weights");
  double total = 0;
  for (double w : weights) {
    if (!(w >= 0) || !std::isfinite(w)) throw InputError(what + ": must be finite and non-negative");
    total += w;
  }
  if (!(total > 0)) throw InputError(what + ": must have a positive sum");
  std::vector<double> out(weights);
  for (double& w : out) w /= total;
  return out;
}

BarycentreStep bures_barycentre_step(const Eigen::MatrixXd& S, const std::vector<double>& weights,
                                     const std::vector<Eigen::MatrixXd>& covs, double eta) {
  const Eigen::Index d = S.rows();
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(d, d);
  Eigen::MatrixXd root, inv_root;
  spd_sqrt_and_inv_sqrt(S, root, inv_root);
  Eigen::MatrixXd mean_root = Eigen::MatrixXd::Zero(d, d);  // sum_k w_k (S^1/2 S_k S^1/2)^1/2
  for (std::size_t k = 0; k < covs.size(); ++k) mean_root += weights[k] * spd_sqrt(symmetrised(root * covs[k] * root));
  const Eigen::MatrixXd T = symmetrised(inv_root * mean_root * inv_root);
  BarycentreStep step;
  const Eigen::MatrixXd D = T - I;
  step.residual = std::sqrt(std::max(0.0, (D * S * D).trace()));
  step.map = eta == 1.0 ? T : Eigen::MatrixXd((1.0 - eta) * I + eta * T);
  step.cov = symmetrised(step.map * S * step.map);
  return step;
}

double bures_barycentre_objective(const Eigen::MatrixXd& S, const std::vector<double>& weights,
                                  const std::vector<Eigen::MatrixXd>& covs) {
  double f = 0;
  for (std::size_t k = 0; k < covs.size(); ++k) f += weights[k] * bures_squared(S, covs[k]);
  return f;
}

BarycentreResult bures_barycentre(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& covs,
                                  double tolerance, int max_iterations, const Eigen::MatrixXd& start, double eta) {
  const std::vector<double> w = normalised_weights(weights, "barycentre weights");
  if (w.size() != covs.size()) throw InputError("barycentre: as many weights as covariances expected");
  BarycentreResult r;
  if (start.size() > 0) {
    r.cov = start;
  } else {
    r.cov = Eigen::MatrixXd::Zero(covs.front().rows(), covs.front().cols());
    for (std::size_t k = 0; k < covs.size(); ++k) r.cov += w[k] * covs[k];
  }
  for (;;) {
    BarycentreStep step = bures_barycentre_step(r.cov, w, covs, eta);
    r.residuals.push_back(step.residual);
    r.converged = step.residual <= tolerance * std::sqrt(r.cov.trace());
    if (r.converged || r.iterations >= max_iterations) break;
    r.cov = std::move(step.cov);
    ++r.iterations;
  }
  return r;
}

Gaussian gaussian_barycentre(const std::vector<double>& weights, const std::vector<Gaussian>& gaussians,
                             const BuresMetric& metric, double tolerance) {
  const std::vector<double> w = normalised_weights(weights, "barycentre weights");
  Gaussian g{Eigen::VectorXd::Zero(gaussians.front().mean.size()), Eigen::MatrixXd()};
  std::vector<Eigen::MatrixXd> covs;
  for (std::size_t k = 0; k < gaussians.size(); ++k) {
    g.mean += w[k] * gaussians[k].mean;
    covs.push_back(metric.to_bures(gaussians[k].cov));
  }
  g.cov = metric.from_bures(bures_barycentre(w, covs, tolerance).cov);
  return g;
}

}  // namespace monge::gaussian
