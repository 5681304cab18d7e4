#include "solvers/common/dense_factorisations.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>

namespace monge {

SymmetricEigen symmetric_eigen(const Eigen::MatrixXd& A) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(A);
  return {solver.eigenvalues(), solver.eigenvectors()};
}

Eigen::MatrixXd symmetric_function(const SymmetricEigen& e, const Eigen::VectorXd& f_of_values) {
  return e.vectors * f_of_values.asDiagonal() * e.vectors.transpose();
}

bool cholesky_lower(const Eigen::MatrixXd& A, Eigen::MatrixXd& L) {
  const Eigen::LLT<Eigen::MatrixXd> llt(A);
  if (llt.info() != Eigen::Success) return false;
  L = llt.matrixL();
  return true;
}

Eigen::MatrixXd inverse_from_cholesky(const Eigen::MatrixXd& L) {
  const Eigen::MatrixXd L_inv = L.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(L.rows(), L.cols()));
  return L_inv.transpose() * L_inv;
}

void householder_qr(const Eigen::MatrixXd& A, Eigen::MatrixXd& Q, Eigen::MatrixXd& R) {
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(A);
  Q = qr.householderQ();
  R = qr.matrixQR().triangularView<Eigen::Upper>();
}

}  // namespace monge
