// The project's one instantiation of Eigen's factorisations (dense_factorisations.hpp): each result
// checked by reconstructing its input.
#include <gtest/gtest.h>

#include "solvers/common/dense_factorisations.hpp"

using namespace monge;

TEST(DenseFactorisations, SymmetricEigenRebuildsTheMatrixWithAscendingValues) {
  Eigen::MatrixXd A(3, 3);
  A << 4, 1, 0.5, 1, 3, -1, 0.5, -1, 2;
  const SymmetricEigen e = symmetric_eigen(A);
  EXPECT_LE(e.values[0], e.values[1]);
  EXPECT_LE(e.values[1], e.values[2]);
  EXPECT_NEAR(e.values.sum(), A.trace(), 1e-12);
  EXPECT_LT((symmetric_function(e, e.values) - A).cwiseAbs().maxCoeff(), 1e-12);
  // sqrt(A)^2 = A.
  const Eigen::MatrixXd root = symmetric_function(e, e.values.cwiseSqrt());
  EXPECT_LT((root * root - A).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(DenseFactorisations, CholeskyAndInverseOrRefusal) {
  Eigen::MatrixXd A(2, 2), L;
  A << 4, 2, 2, 3;
  ASSERT_TRUE(cholesky_lower(A, L));
  EXPECT_EQ(L(0, 1), 0.0);
  EXPECT_LT((L * L.transpose() - A).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((inverse_from_cholesky(L) * A - Eigen::MatrixXd::Identity(2, 2)).cwiseAbs().maxCoeff(), 1e-12);
  Eigen::MatrixXd indefinite(2, 2);
  indefinite << 1, 2, 2, 1;
  EXPECT_FALSE(cholesky_lower(indefinite, L));
}

TEST(DenseFactorisations, HouseholderQrIsOrthogonalTimesUpperTriangular) {
  Eigen::MatrixXd A(3, 3), Q, R;
  A << 2, -1, 0, 1, 3, 1, 0, 1, 4;
  householder_qr(A, Q, R);
  EXPECT_LT((Q.transpose() * Q - Eigen::MatrixXd::Identity(3, 3)).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((Q * R - A).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_EQ(R(1, 0), 0.0);
  EXPECT_EQ(R(2, 0), 0.0);
  EXPECT_EQ(R(2, 1), 0.0);
}
