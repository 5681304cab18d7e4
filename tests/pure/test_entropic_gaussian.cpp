// Entropic OT between Gaussians against the closed form of Janati et al. (2020), cost |x−y|²,
// regularisation ε KL(π | μ⊗ν), s = ε/2:
//   OT_ε = |Δm|² + tr Σ₁ + tr Σ₂ − tr D + d s (1 − log 2s) + s log det(D + s I),
//   D = (4 Σ₁^½ Σ₂ Σ₁^½ + s² I)^½,
// compared with the objective ⟨P,C⟩ + ε KL(P|a⊗b) of large samples (sampling error ~1%).
#include <gtest/gtest.h>

#include <Eigen/LU>  // determinant
#include <cmath>

#include "solvers/common/dense_factorisations.hpp"
#include "solvers/common/random.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {
namespace {

Eigen::Matrix2d sqrtm(const Eigen::Matrix2d& A) {
  const SymmetricEigen e = symmetric_eigen(A);
  return symmetric_function(e, e.values.cwiseSqrt());
}

double closed_form(const Eigen::Vector2d& m1, const Eigen::Matrix2d& S1, const Eigen::Vector2d& m2,
                   const Eigen::Matrix2d& S2, double eps) {
  const double s = eps / 2;
  const Eigen::Matrix2d R = sqrtm(S1);
  const Eigen::Matrix2d D = sqrtm(4 * R * S2 * R + s * s * Eigen::Matrix2d::Identity());
  return (m1 - m2).squaredNorm() + S1.trace() + S2.trace() - D.trace() + 2 * s * (1 - std::log(2 * s)) +
         s * std::log((D + s * Eigen::Matrix2d::Identity()).determinant());
}

Points sample(int n, const Eigen::Vector2d& m, const Eigen::Matrix2d& S, std::uint64_t stream) {
  Eigen::MatrixXd L;
  EXPECT_TRUE(cholesky_lower(S, L));
  CounterRng rng(11, stream);
  Points P(n, 2);
  for (int i = 0; i < n; ++i) {
    const Eigen::Vector2d z(rng.normal(2 * static_cast<std::uint64_t>(i)), rng.normal(2 * static_cast<std::uint64_t>(i) + 1));
    P.row(i) = (m + L * z).cast<float>().transpose();
  }
  return P;
}

TEST(EntropicGaussian, MatchesJanatiClosedForm) {
  const Eigen::Vector2d m1(0, 0), m2(1.0, -0.5);
  Eigen::Matrix2d S1, S2;
  S1 << 1.0, 0.3, 0.3, 0.5;
  S2 << 0.6, -0.2, -0.2, 1.2;
  const int n = 2000;
  const Points X = sample(n, m1, S1, 1), Y = sample(n, m2, S2, 2);
  for (double eps : {2.0, 1.0}) {
    SinkhornOptions o;
    o.eps = eps;
    o.tol = 1e-9;
    const SinkhornResult r = solve_entropic(X, {}, Y, {}, o);
    ASSERT_TRUE(r.converged);
    const double exact = closed_form(m1, S1, m2, S2, eps);
    EXPECT_NEAR(r.objective, exact, 0.02 * std::abs(exact)) << "eps " << eps;
  }
}

}  // namespace
}  // namespace monge
