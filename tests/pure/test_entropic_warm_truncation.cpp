// Warm-started solves of the tiled mode with kernel truncation (solvers/entropic/block_solver.cpp)
// whose potentials are far from balance on the new points, and the coarse correction
// (coarse_correction.hpp) that runs at each stage's start:
// - a block graph in two components whose row and column masses differ: the correction balances
//   each component to its own total and leaves their relative gauge alone (it used to follow the
//   dual's unbounded direction: shifts of 1e10 and more);
// - a recorded warm solve of the Monge-gap flow (tests/data/entropic/warm_truncation_gap_step.txt)
//   that diverged ("non-finite potentials") after a correction of 7.8e13: finite potentials, an
//   honest marginal error (checked on the full 32 by 32 plan in double), and, run to the
//   tolerance, the objective of a cold dense solve.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "solvers/entropic/coarse_correction.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {
namespace {

TEST(EntropicWarmTruncation, CoarseCorrectionBalancesEachComponentOfADisconnectedBlockGraph) {
  // Rows {0, 1} and columns {0, 1} form one component (masses 0.6 against 0.4), rows {2, 3} and
  // columns {2, 3} the other (0.4 against 0.6): no shifts balance A and B, only each component
  // to the mean of its masses (0.5), with rows ∝ A and columns ∝ B.
  entropic::KeptBlocks kept;
  kept.row_clusters = 4;
  kept.col_clusters = 4;
  kept.row_begin = {0, 2, 4, 6, 8};
  kept.row_cols = {0, 1, 0, 1, 2, 3, 2, 3};
  const std::vector<double> Q = {0.2, 0.05, 0.01, 0.1, 0.3, 0.02, 0.04, 0.25};
  Eigen::VectorXd A(4), B(4);
  A << 0.35, 0.25, 0.15, 0.25;
  B << 0.3, 0.1, 0.2, 0.4;
  const double eps = 0.01;
  const entropic::CoarseCorrection c = entropic::coarse_correction(kept, Q, A, B, eps, 1e-13);
  Eigen::VectorXd r = Eigen::VectorXd::Zero(4), col = Eigen::VectorXd::Zero(4);
  for (int K = 0; K < 4; ++K)
    for (int b = kept.row_begin[K]; b < kept.row_begin[K + 1]; ++b) {
      const double m = Q[b] * std::exp((c.u[K] + c.v[kept.row_cols[b]]) / eps);
      r[K] += m;
      col[kept.row_cols[b]] += m;
    }
  Eigen::VectorXd rt(4), ct(4);  // each component's rows and columns scaled to mass 0.5
  rt << A[0] * 0.5 / 0.6, A[1] * 0.5 / 0.6, A[2] * 0.5 / 0.4, A[3] * 0.5 / 0.4;
  ct << B[0] * 0.5 / 0.4, B[1] * 0.5 / 0.4, B[2] * 0.5 / 0.6, B[3] * 0.5 / 0.6;
  EXPECT_LT((r - rt).lpNorm<1>() + (col - ct).lpNorm<1>(), 1e-12);
  EXPECT_NEAR(c.error_after, 0.4, 1e-12);  // Σ over components of |A_k − B_k|: the least possible
  EXPECT_GT(c.error_before, c.error_after);
  // The shifts are those of the balance (a few ε), each component's split evenly between its
  // rows and columns (equal mass-weighted means).
  EXPECT_LT(std::max(c.u.lpNorm<Eigen::Infinity>(), c.v.lpNorm<Eigen::Infinity>()), 10 * eps);
  EXPECT_NEAR((A[0] * c.u[0] + A[1] * c.u[1]) / 0.6, (B[0] * c.v[0] + B[1] * c.v[1]) / 0.4, 1e-12);
  EXPECT_NEAR((A[2] * c.u[2] + A[3] * c.u[3]) / 0.4, (B[2] * c.v[2] + B[3] * c.v[3]) / 0.6, 1e-12);
}

struct Recorded {
  Points X, Y;
  SinkhornResult warm;
  SinkhornOptions options;
};

Recorded load_recorded() {
  std::ifstream in(std::string(MONGE_TEST_DATA) + "/entropic/warm_truncation_gap_step.txt");
  EXPECT_TRUE(in.good());
  std::stringstream body;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') body << line << '\n';
  int n = 0, m = 0, d = 0;
  body >> n >> m >> d;
  Recorded r;
  r.X.resize(n, d);
  r.Y.resize(m, d);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) body >> r.X(i, k);
  for (int j = 0; j < m; ++j)
    for (int k = 0; k < d; ++k) body >> r.Y(j, k);
  r.warm.f.resize(n);
  r.warm.g.resize(m);
  for (int i = 0; i < n; ++i) body >> r.warm.f[i];
  for (int j = 0; j < m; ++j) body >> r.warm.g[j];
  body >> r.options.eps >> r.options.tol >> r.options.max_iter;
  EXPECT_TRUE(body.good());
  r.options.memory = MemoryMode::Online;
  return r;
}

// ‖P1 − a‖₁ + ‖Pᵀ1 − b‖₁ of the full plan of (f, g), uniform weights, in double.
double full_marginal_error(const Points& X, const Points& Y, const SinkhornResult& s) {
  const int n = static_cast<int>(X.rows()), m = static_cast<int>(Y.rows());
  Eigen::VectorXd rows = Eigen::VectorXd::Zero(n), cols = Eigen::VectorXd::Zero(m);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) {
      const double c = (X.row(i).cast<double>() - Y.row(j).cast<double>()).squaredNorm();
      const double p = std::exp((s.f[i] + s.g[j] - c) / s.eps) / (static_cast<double>(n) * m);
      rows[i] += p;
      cols[j] += p;
    }
  return (rows.array() - 1.0 / n).abs().sum() + (cols.array() - 1.0 / m).abs().sum();
}

TEST(EntropicWarmTruncation, RecordedMongeGapWarmStartStaysFiniteAndReachesTheDenseSolution) {
  const Recorded rec = load_recorded();
  ASSERT_EQ(rec.X.rows(), 32);
  SinkhornOptions o = rec.options;  // ε = 0.01, tol = 1e-5, 50 iterations, truncated
  const SinkhornResult capped = solve_entropic(rec.X, {}, rec.Y, {}, o, &rec.warm);
  EXPECT_TRUE(capped.blocked);
  ASSERT_TRUE(capped.f.allFinite() && capped.g.allFinite());
  EXPECT_LT(std::max(capped.f.lpNorm<Eigen::Infinity>(), capped.g.lpNorm<Eigen::Infinity>()), 100.0);
  // The reported error (kept blocks plus twice the dropped blocks' bound) is at least the full
  // plan's; the float lanes (relative 1e-7 per row) may add a little.
  EXPECT_LE(full_marginal_error(rec.X, rec.Y, capped), capped.marginal_error + 1e-6);
  // Run to the tolerance, the same warm start reaches the cold dense solution.
  o.max_iter = 20000;
  const SinkhornResult warm = solve_entropic(rec.X, {}, rec.Y, {}, o, &rec.warm);
  SinkhornOptions d = o;
  d.memory = MemoryMode::Dense;
  d.tol = 1e-8;
  const SinkhornResult dense = solve_entropic(rec.X, {}, rec.Y, {}, d);
  ASSERT_TRUE(warm.converged) << warm.marginal_error;
  ASSERT_TRUE(dense.converged) << dense.marginal_error;
  EXPECT_LE(full_marginal_error(rec.X, rec.Y, warm), o.tol + 1e-6);
  // Both plans are within tol (L1) of the coupling set; costs here are at most ~40.
  const double cmax = 40;
  EXPECT_NEAR(warm.objective, dense.objective, cmax * o.tol + warm.objective_bound);
  EXPECT_NEAR(warm.cost, dense.cost, cmax * o.tol + warm.dropped_cost);
}

}  // namespace
}  // namespace monge
