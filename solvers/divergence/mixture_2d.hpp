#pragma once
// A mixture of K Gaussians in 2D with a flat, unconstrained parameter vector: the model the
// playground fits by gradient descent (and, with fixed parameters, its targets: a Gaussian
// mixture, or a KDE as a mixture of N isotropic kernels).
//
// theta layout, 6 numbers per component k (kPerComponent):
//   theta[6k]          logit a_k; weights w = softmax(a)
//   theta[6k+1, 6k+2]  mean m_k
//   theta[6k+3]        log L00   \  Sigma_k = L L^T with L = [[L00, 0], [L10, L11]]
//   theta[6k+4]        L10        > lower triangular, positive diagonal (log-Cholesky: every
//   theta[6k+5]        log L11   /  theta is a valid model, so plain gradient steps never leave it)
//
// Densities are computed in the log domain (log-sum-exp over components), so that far from all
// components log q stays finite where q itself underflows: KL(q | p) and its gradient need
// log p - log q where both densities are below 1e-300.
//
// Threads: OpenMP over grid rows; every sum over cells is reduced row by row in a fixed order,
// so results are the same bit for bit for any number of threads.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "solvers/common/shapes.hpp"
#include "solvers/divergence/quadrature_grid.hpp"

namespace monge {

class Mixture2D {
 public:
  static constexpr int kPerComponent = 6;

  Mixture2D() = default;
  // theta  6K numbers (layout above), K >= 1. Throws InputError if the size is not a positive
  // multiple of 6 or a number is not finite.
  explicit Mixture2D(Eigen::VectorXd theta);
  // From weights (relative, > 0), means (2) and covariances (2 by 2, symmetric positive definite).
  // Throws InputError naming `what` ("<what>[k].cov: not symmetric positive definite").
  static Mixture2D from_components(const std::vector<GaussianComponent>& components, const std::string& what);
  // One Gaussian N(mean, cov).
  static Mixture2D gaussian(const Eigen::Vector2d& mean, const Eigen::Matrix2d& cov);

  int size() const { return static_cast<int>(theta_.size()) / kPerComponent; }
  const Eigen::VectorXd& theta() const { return theta_; }

  Eigen::VectorXd weights() const;                 // K, softmax of the logits
  Eigen::Vector2d mean(int k) const { return {theta_[6 * k + 1], theta_[6 * k + 2]}; }
  Eigen::Matrix2d cholesky(int k) const;           // L
  Eigen::Matrix2d covariance(int k) const;         // L L^T
  std::vector<GaussianComponent> components() const;
  // Mean and covariance of the mixture as a whole (law of total covariance).
  Eigen::Vector2d overall_mean() const;
  Eigen::Matrix2d overall_covariance() const;

  // log q(x, y); with `responsibilities` (K, resized), the posterior r_k = w_k N_k / q.
  double log_density(double x, double y, Eigen::VectorXd* responsibilities = nullptr) const;

  // Reparameterised samples: component k at standard normals z (n by 2) is m_k + L_k z_i.
  // Returns n by 2.
  Points samples(int k, const Eigen::MatrixX2d& z) const;

 private:
  Eigen::VectorXd theta_;
};

// log q at every cell centre of `grid` (grid.size() values, DensityGrid layout).
std::vector<double> log_density_on_grid(const Mixture2D& q, const QuadratureGrid& grid);

// The gradient with respect to theta (6K) of  sum_g s_g log q(c_g),  s  grid.size() numbers
// (e.g. s_g = dD/d log q_g of a divergence D integrated on the grid).
Eigen::VectorXd log_density_gradient(const Mixture2D& q, const QuadratureGrid& grid, const std::vector<double>& s);

// Posterior of each component at every cell: K by grid.size(), columns summing to 1.
Eigen::MatrixXd responsibilities_on_grid(const Mixture2D& q, const QuadratureGrid& grid);

// The gradient with respect to theta of a loss of weighted reparameterised samples: component k
// drew x_ki = m_k + L_k z_i (i < n) with weight a_ki = w_k / n; given dX (K*n by 2, rows k*n + i,
// the loss's gradient in the positions) and da (K*n, in the weights, or empty: the weights get no
// gradient). Returns 6K numbers.
Eigen::VectorXd sample_gradient(const Mixture2D& q, const Eigen::MatrixX2d& z, const Points& dX,
                                const Eigen::VectorXd& da);

}  // namespace monge
