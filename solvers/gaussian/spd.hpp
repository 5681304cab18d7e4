#pragma once
// Functions of symmetric positive definite (SPD) matrices in double precision, through one
// symmetric eigendecomposition each (solvers/common/dense_factorisations.hpp: Eigen's
// SelfAdjointEigenSolver, instantiated once for the project). The Bures-Wasserstein and
// affine-invariant geometries (bures_wasserstein.hpp, affine_invariant.hpp) are built on these.
//
// All take and return d by d matrices (Eigen::MatrixXd); only the lower triangle of an input is
// read by the eigensolver, and results are symmetrised so that rounding never leaves them
// asymmetric. Small negative eigenvalues from rounding (a PSD matrix computed as a product) are
// clamped to 0 in spd_sqrt; spd_inv_sqrt, spd_log and spd_power need a positive definite input.
#include <string>

#include <Eigen/Core>

namespace monge::gaussian {

// (A + A^T) / 2.
Eigen::MatrixXd symmetrised(const Eigen::MatrixXd& A);

// A^(1/2), the unique PSD square root (eigenvalues below 0 count as 0).
Eigen::MatrixXd spd_sqrt(const Eigen::MatrixXd& A);
// A^(-1/2).
Eigen::MatrixXd spd_inv_sqrt(const Eigen::MatrixXd& A);
// A^p for any real p.
Eigen::MatrixXd spd_power(const Eigen::MatrixXd& A, double p);
// The principal matrix logarithm log A (a symmetric matrix).
Eigen::MatrixXd spd_log(const Eigen::MatrixXd& A);
// exp S of a symmetric S (an SPD matrix).
Eigen::MatrixXd symmetric_exp(const Eigen::MatrixXd& S);
// Square root and inverse square root from one eigendecomposition.
void spd_sqrt_and_inv_sqrt(const Eigen::MatrixXd& A, Eigen::MatrixXd& root, Eigen::MatrixXd& inv_root);

// Largest over smallest eigenvalue (infinity when the smallest is <= 0).
double condition_number(const Eigen::MatrixXd& A);

// True if A is square, finite, symmetric to 1e-9 relative and its smallest eigenvalue exceeds
// 1e-12 times its largest.
bool is_spd(const Eigen::MatrixXd& A);
// Throws InputError("<what>: not symmetric positive definite ...") unless is_spd(A) and A is
// d by d.
void require_spd(const Eigen::MatrixXd& A, int d, const std::string& what);

// Q diag(values) Q^T with Q the rotation by `angle` radians (2D): an SPD matrix given by its
// principal axes, used for GBW's metric matrix M edited in the panel.
Eigen::MatrixXd matrix_from_axes(double angle, double major, double minor);

}  // namespace monge::gaussian
