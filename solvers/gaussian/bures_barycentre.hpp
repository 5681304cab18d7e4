#pragma once
// The Bures-Wasserstein barycentre of K weighted Gaussians N(m_k, S_k): the Gaussian N(m, S)
// minimising sum_k w_k W2^2(N(m, S), N(m_k, S_k)). Its mean is sum_k w_k m_k; its covariance is
// the unique SPD fixed point of (Alvarez-Esteban, del Barrio, Cuesta-Albertos, Matran 2016)
//   S <- T S T,   T = sum_k w_k T_k,   T_k = S^-1/2 (S^1/2 S_k S^1/2)^1/2 S^-1/2
// (T_k the optimal map from N(0, S) to N(0, S_k), bures_wasserstein.hpp). At the barycentre
// T = I. The iteration is Riemannian gradient descent on the W2 barycentre functional with step 1
// (Zemel & Panaretos 2019); a step eta in (0, 1] moves by the map G = (1 - eta) I + eta T instead,
// S <- G S G, along the W2 geodesic towards the fixed-point update (eta = 1).
// When all S_k commute the barycentre is (sum_k w_k S_k^1/2)^2.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "solvers/gaussian/bures_wasserstein.hpp"

namespace monge::gaussian {

// w / sum(w). Throws InputError("<what>: ...") for an empty list, a negative or non-finite weight
// or a zero sum.
std::vector<double> normalised_weights(const std::vector<double>& weights, const std::string& what);

struct BarycentreStep {
  Eigen::MatrixXd map;  // G = (1 - eta) I + eta T: the optimal map from the old to the new S
  Eigen::MatrixXd cov;  // G S G
  // sqrt(tr((T - I) S (T - I))): the W2 distance a full fixed-point step would move S, i.e. the
  // norm of the functional's Riemannian gradient; 0 exactly at the barycentre.
  double residual = 0;
};
// One iteration from S. weights must be normalised (normalised_weights).
BarycentreStep bures_barycentre_step(const Eigen::MatrixXd& S, const std::vector<double>& weights,
                                     const std::vector<Eigen::MatrixXd>& covs, double eta = 1.0);

// sum_k w_k BW^2(S, S_k): the covariance part of the barycentre functional.
double bures_barycentre_objective(const Eigen::MatrixXd& S, const std::vector<double>& weights,
                                  const std::vector<Eigen::MatrixXd>& covs);

struct BarycentreResult {
  Eigen::MatrixXd cov;            // d by d
  int iterations = 0;
  std::vector<double> residuals;  // residual before each iteration, then at the result
  bool converged = false;
};
// Iterates from `start` (empty: sum_k w_k S_k) until residual <= tolerance * sqrt(tr S) or
// max_iterations. weights are normalised here (InputError as normalised_weights).
BarycentreResult bures_barycentre(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& covs,
                                  double tolerance = 1e-13, int max_iterations = 1000,
                                  const Eigen::MatrixXd& start = Eigen::MatrixXd(), double eta = 1.0);

// The barycentre of Gaussians under `metric` (BW or GBW_M: the BW barycentre in the metric's
// coordinates, mapped back), solved to `tolerance` as above.
Gaussian gaussian_barycentre(const std::vector<double>& weights, const std::vector<Gaussian>& gaussians,
                             const BuresMetric& metric = BuresMetric(), double tolerance = 1e-13);

}  // namespace monge::gaussian
