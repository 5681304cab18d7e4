#pragma once
// Internal to solvers/entropic: the Newton phase of Sinkhorn–Newton–Sparse (Tang et al. 2024,
// arXiv 2401.12253), run after a Sinkhorn warm-up on a stored cost matrix.
#include <vector>

#include <Eigen/Core>

#include "solvers/entropic/scaling_sinkhorn.hpp"

namespace monge::entropic {

// Newton steps on the concave dual D(f, g) = ⟨a, f⟩ + ⟨b, g⟩ − ε Σ P_ij until the L1 marginal
// error ‖P1 − a‖₁ + ‖Pᵀ1 − b‖₁ ≤ tol or `budget` steps. C  N by M (row-major), a  N, b  M,
// f  N, g  M updated in place; `error` receives the final error. Returns the steps taken.
int sns_newton(const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>& C,
               const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps, double tol, int budget,
               double density, Eigen::VectorXd& f, Eigen::VectorXd& g, double& error, const IterationLog* log,
               int first_iteration);

}  // namespace monge::entropic
