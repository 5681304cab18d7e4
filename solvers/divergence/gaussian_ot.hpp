#pragma once
// Closed forms between Gaussians, the references of the Monge-gap tests and of the "map_error"
// diagnostic.
//   W2 optimal map N(m1, S1) -> N(m2, S2) (cost |x − y|²):
//     T(x) = m2 + A (x − m1),  A = S1^-1/2 (S1^1/2 S2 S1^1/2)^1/2 S1^-1/2  (symmetric positive definite)
//   W2² = |m1 − m2|² + tr(S1 + S2 − 2 (S1^1/2 S2 S1^1/2)^1/2)
// Any dimension d.
#include <Eigen/Core>

#include "solvers/common/types.hpp"

namespace monge {

struct AffineMap {
  Eigen::MatrixXd A;      // d by d
  Eigen::VectorXd from;   // m1: T(x) = to + A (x − from)
  Eigen::VectorXd to;     // m2
  // T applied to every row of X (N by d).
  Points apply(const Points& X) const;
};

// Throws InputError if a covariance is not symmetric positive definite or the sizes disagree.
AffineMap gaussian_ot_map(const Eigen::VectorXd& m1, const Eigen::MatrixXd& S1, const Eigen::VectorXd& m2,
                          const Eigen::MatrixXd& S2);
double gaussian_w2_squared(const Eigen::VectorXd& m1, const Eigen::MatrixXd& S1, const Eigen::VectorXd& m2,
                           const Eigen::MatrixXd& S2);

// ‖T − R‖ / ‖R − id‖ in L2 of the points X: sqrt(Σ_i |TX_i − RX_i|²) / sqrt(Σ_i |RX_i − X_i|²), the
// error of a map (TX, its images of X) relative to the displacement of the reference map R
// (RX). N by d each.
double relative_map_error(const Points& X, const Points& TX, const Points& RX);

}  // namespace monge
