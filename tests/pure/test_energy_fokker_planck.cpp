// Stochastic particles (Euler-Maruyama) for Fokker-Planck equations against closed forms:
// the Ornstein-Uhlenbeck process dX = -A (X - c) dt + sqrt(2 T) dW, whose mean and covariance
// are known exactly, and the heat flow (V = 0), whose covariance grows as Sigma0 + 2 T t I.
// Tolerances: 5 standard errors of the sample statistic plus the Euler-Maruyama bias, which is
// computed exactly from the discrete recursion (so a wrong drift or noise scale fails).
#include <gtest/gtest.h>

#include <Eigen/LU>  // inverse
#include <cmath>

#include "solvers/common/dense_factorisations.hpp"
#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/energy/moments.hpp"
#include "solvers/energy/particle_flow.hpp"

namespace monge {
namespace {

Points gaussian_points(int n, const Eigen::Vector2d& mean, const Eigen::Matrix2d& cov, std::uint64_t seed) {
  Eigen::MatrixXd L;
  EXPECT_TRUE(cholesky_lower(cov, L));
  const CounterRng rng(seed, 12345);
  Points X(n, 2);
  for (int i = 0; i < n; ++i) {
    float z[4];
    rng.normal4(i, z);
    const Eigen::Vector2d x = mean + L * Eigen::Vector2d(z[0], z[1]);
    X(i, 0) = static_cast<float>(x[0]);
    X(i, 1) = static_cast<float>(x[1]);
  }
  return X;
}

// exp(-A t) for SPD A.
Eigen::Matrix2d expm_neg(const Eigen::Matrix2d& A, double t) {
  const SymmetricEigen e = symmetric_eigen(A);
  return symmetric_function(e, (-t * e.values.array()).exp().matrix());
}

Moments run(ParticleEnergyFlow& flow, Points X, int steps, Moments* start = nullptr) {
  FlowState s;
  s.points = std::move(X);
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(s.points.rows(), 1.0 / s.points.rows());
  if (start) *start = point_moments(s.points, w);
  for (int k = 0; k < steps; ++k) {
    flow.step(s);
    ++s.step;
    s.time += flow.dt();
  }
  return point_moments(s.points, w);
}

TEST(EnergyFokkerPlanck, OrnsteinUhlenbeckMeanAndCovariance) {
  const int n = 20000;
  const Eigen::Matrix2d A{{1, 0}, {0, 2}};
  const Eigen::Vector2d c(0.3, -0.2);
  const double T = 1.0, dt = 0.005;
  const int steps = 100;  // t = 0.5
  ParticleFlowOptions o;
  o.potential = Potential::quadratic(c, A);
  o.temperature = T;
  o.dt = dt;
  ParticleEnergyFlow flow(o, 7);
  Moments m0;
  const Moments m1 = run(flow, gaussian_points(n, {2, -1}, Eigen::Matrix2d{{0.5, 0.1}, {0.1, 0.3}}, 7), steps, &m0);

  // Exact solution from the sample moments at t = 0.
  const double t = steps * dt;
  const Eigen::Matrix2d E = expm_neg(A, t), E2 = expm_neg(A, 2 * t);
  const Eigen::Vector2d mean = c + E * (m0.mean - c);
  const Eigen::Matrix2d cov = E * m0.cov * E.transpose() + T * A.inverse() * (Eigen::Matrix2d::Identity() - E2);
  // The Euler-Maruyama recursion's own moments, for its bias.
  const Eigen::Matrix2d B = Eigen::Matrix2d::Identity() - dt * A;
  Eigen::Vector2d md = m0.mean - c;
  Eigen::Matrix2d cd = m0.cov;
  for (int k = 0; k < steps; ++k) {
    md = B * md;
    cd = B * cd * B.transpose() + 2 * T * dt * Eigen::Matrix2d::Identity();
  }
  md += c;
  for (int i = 0; i < 2; ++i) {
    const double se = std::sqrt(cov(i, i) / n);
    EXPECT_NEAR(m1.mean[i], mean[i], 5 * se + std::abs(md[i] - mean[i])) << "mean " << i;
    for (int j = 0; j < 2; ++j) {
      const double se_cov = std::sqrt((cov(i, i) * cov(j, j) + cov(i, j) * cov(i, j)) / n);
      EXPECT_NEAR(m1.cov(i, j), cov(i, j), 5 * se_cov + std::abs(cd(i, j) - cov(i, j))) << "cov " << i << j;
    }
  }
  // The flow's own closed form (exact_* diagnostics, gaussian_solution.hpp) agrees with this one.
  const std::optional<GaussianState> exact = flow.exact_solution(t);
  ASSERT_TRUE(exact);
  EXPECT_LT((exact->mean - mean).norm(), 1e-9);
  EXPECT_LT((exact->cov - cov).norm(), 1e-9);
  // The flow moved: the test distinguishes t = 0.5 from t = 0.
  EXPECT_GT((m1.mean - m0.mean).norm(), 0.5);
}

TEST(EnergyFokkerPlanck, HeatFlowCovarianceGrowsLinearly) {
  const int n = 20000;
  const double T = 0.5, dt = 0.01;
  const int steps = 100;  // t = 1
  ParticleFlowOptions o;
  o.temperature = T;
  o.dt = dt;
  ParticleEnergyFlow flow(o, 3);
  Moments m0;
  const Moments m1 = run(flow, gaussian_points(n, {0, 0}, Eigen::Matrix2d{{0.2, 0.05}, {0.05, 0.1}}, 3), steps, &m0);
  const Eigen::Matrix2d cov = m0.cov + 2 * T * steps * dt * Eigen::Matrix2d::Identity();
  const std::optional<GaussianState> exact = flow.exact_solution(steps * dt);
  ASSERT_TRUE(exact);
  EXPECT_LT((exact->cov - cov).norm(), 1e-9);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(m1.mean[i], m0.mean[i], 5 * std::sqrt(cov(i, i) / n));
    for (int j = 0; j < 2; ++j)
      EXPECT_NEAR(m1.cov(i, j), cov(i, j), 5 * std::sqrt((cov(i, i) * cov(j, j) + cov(i, j) * cov(i, j)) / n));
  }
}

TEST(EnergyFokkerPlanck, ThreeDimensionalOrnsteinUhlenbeck) {
  // d = 3 uses three of the four normals of each Philox block; an isotropic A = 2 I from a point
  // mass at (1, 0, -1): Sigma(t) = T/2 (1 - e^{-4t}) I, m(t) = e^{-2t} m0.
  const int n = 10000;
  ParticleFlowOptions o;
  o.potential = Potential::quadratic(Eigen::Vector3d::Zero(), 2 * Eigen::Matrix3d::Identity());
  o.temperature = 0.5;
  o.dt = 0.004;
  ParticleEnergyFlow flow(o, 9);
  FlowState s;
  s.points = Points(n, 3);
  s.points.rowwise() = Eigen::RowVector3f(1, 0, -1);
  flow.initialize(s);
  const int steps = 125;  // t = 0.5
  for (int k = 0; k < steps; ++k) {
    flow.step(s);
    ++s.step;
    s.time += o.dt;
  }
  const Moments m = point_moments(s.points, Eigen::VectorXd::Constant(n, 1.0 / n));
  const double t = steps * o.dt, var = 0.25 * (1 - std::exp(-4 * t)), em = std::exp(-2 * t);
  const Eigen::Vector3d m0(1, 0, -1);
  // Euler-Maruyama bias of the variance: (1 - (1 - 2 dt)^(2k)) * 2 T dt / (1 - (1 - 2 dt)^2).
  const double q = (1 - 2 * o.dt) * (1 - 2 * o.dt), var_em = (1 - std::pow(q, steps)) * 2 * 0.5 * o.dt / (1 - q);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(m.mean[i], em * m0[i], 5 * std::sqrt(var / n) + std::abs(std::pow(1 - 2 * o.dt, steps) - em)) << i;
    for (int j = 0; j < 3; ++j) {
      const double expected = i == j ? var : 0.0;
      EXPECT_NEAR(m.cov(i, j), expected, 5 * var * std::sqrt(2.0 / n) + std::abs(var_em - var)) << i << j;
    }
  }
  const auto exact = flow.exact_solution(t);
  ASSERT_TRUE(exact);
  EXPECT_NEAR(exact->cov(2, 2), var, 1e-9);
}

TEST(EnergyFokkerPlanck, StepsReplayExactlyFromTheSeed) {
  ParticleFlowOptions o;
  o.potential = Potential::double_well(1.0, 2);
  o.temperature = 0.3;
  o.dt = 0.01;
  ParticleEnergyFlow f1(o, 11), f2(o, 11), f3(o, 12);
  FlowState a, b, c;
  a.points = b.points = c.points = gaussian_points(500, {0, 0}, Eigen::Matrix2d::Identity(), 1);
  a.step = b.step = c.step = 5;
  f1.step(a);
  f2.step(b);
  f3.step(c);
  EXPECT_EQ(a.points, b.points);
  EXPECT_NE(a.points, c.points);
}

TEST(EnergyFokkerPlanck, BlowUpNamesDt) {
  ParticleFlowOptions o;
  o.potential = Potential::quadratic(Eigen::Vector2d::Zero(), Eigen::Matrix2d::Identity() * 100);
  o.dt = 1.0;  // |1 - dt a| = 99: diverges
  ParticleEnergyFlow flow(o, 1);
  FlowState s;
  s.points = gaussian_points(100, {1, 1}, Eigen::Matrix2d::Identity(), 2);
  try {
    for (int k = 0; k < 1000; ++k) {
      flow.step(s);
      ++s.step;
    }
    FAIL() << "expected a SolverError";
  } catch (const SolverError& e) {
    EXPECT_NE(std::string(e.what()).find("dt = 1"), std::string::npos) << e.what();
  }
}

TEST(EnergyFokkerPlanck, BadOptionsNameTheField) {
  ParticleFlowOptions o;
  o.dt = -1;
  EXPECT_THROW({ ParticleEnergyFlow f(o, 1); }, InputError);
  o.dt = 0.1;
  o.temperature = -1;
  try {
    ParticleEnergyFlow f(o, 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("flow.temperature"), std::string::npos);
  }
  EXPECT_THROW(Potential::quadratic(Eigen::Vector2d::Zero(), Eigen::Matrix2d{{1, 2}, {2, 1}}), InputError);
}

}  // namespace
}  // namespace monge
