#pragma once
// Eigen's dense factorisations, instantiated once for the whole project. Each instantiation of
// SelfAdjointEigenSolver, HouseholderQR or LLT costs 4-15 s of compiling at -O3 and 7-32 s under
// the sanitizers, in every file that makes one; through these functions (on MatrixXd) it is made
// once, in dense_factorisations.cpp. That file is also built without UBSan in the sanitizer pass
// (solvers/CMakeLists.txt): UBSan's checks on Eigen's internals tripled its compile time and
// checked Eigen, not monge.
#include <Eigen/Core>

namespace monge {

// A = V diag(values) V^T for a symmetric A (its lower triangle is read); values ascending.
struct SymmetricEigen {
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;
};
SymmetricEigen symmetric_eigen(const Eigen::MatrixXd& A);

// V f(diag(values)) V^T: a function of a symmetric matrix through its eigendecomposition
// (f applied to the eigenvalues, e.g. sqrt or exp(-t l)).
Eigen::MatrixXd symmetric_function(const SymmetricEigen& e, const Eigen::VectorXd& f_of_values);

// The lower Cholesky factor L of A = L L^T. Returns false when A is not (numerically) symmetric
// positive definite; L is then moot.
bool cholesky_lower(const Eigen::MatrixXd& A, Eigen::MatrixXd& L);

// (L L^T)^-1 from a lower Cholesky factor L.
Eigen::MatrixXd inverse_from_cholesky(const Eigen::MatrixXd& L);

// A = Q R by Householder reflections (A square): Q orthogonal, R upper triangular.
void householder_qr(const Eigen::MatrixXd& A, Eigen::MatrixXd& Q, Eigen::MatrixXd& R);

}  // namespace monge
