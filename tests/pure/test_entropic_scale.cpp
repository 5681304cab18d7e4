// The tiled online mode (solvers/entropic/block_solver.cpp) against the dense and untruncated
// solutions, and the promises around it:
// - kernel truncation: the same cost and objective within the tolerance plus the reported bounds,
//   fewer kernel entries, the dropped mass within δ;
// - float lanes (tol ≥ 1e-5) against double (tol 1e-10); the multiscale start against plain
//   ε-scaling; the symmetric debiasing iteration against the general one; d = 1 and 3;
// - the coarse-grid correction: exact block balance on a random block graph, and a warm start
//   that stalls without it (mass to move between two far blobs) converging with it;
// - results bit-identical at 1 and 2 threads (dense, tiled, two divergence flow steps);
// - the memory budget decides dense against online; ε schedules stay bounded for huge costs.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <limits>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/entropic/coarse_correction.hpp"
#include "solvers/entropic/divergence_flow.hpp"
#include "solvers/entropic/sinkhorn_internal.hpp"
#include "tests/pure/entropic_clouds.hpp"

namespace monge {
namespace {

Points uniform(int n, int d, std::uint64_t stream, float scale = 1, float shift = 0) {
  return test::uniform_cloud(n, d, 21, stream, scale, shift);
}

Weights ramp(int n) {
  Weights w(n);
  for (int i = 0; i < n; ++i) w[i] = 1.0f + static_cast<float>(i % 5);
  return w;
}

SinkhornOptions tiled(double eps, double tol) {
  SinkhornOptions o;
  o.eps = eps;
  o.tol = tol;
  o.max_iter = 20000;
  o.memory = MemoryMode::Online;
  return o;
}

TEST(EntropicScale, TruncationKeepsFewEntriesAndTheSameAnswer) {
  const Points X = uniform(700, 2, 1), Y = uniform(600, 2, 2, 0.9f, 0.05f);
  const Weights a = ramp(700);
  SinkhornOptions o = tiled(0.0015, 1e-6);
  const SinkhornResult cut = solve_entropic(X, a, Y, {}, o);
  o.truncate = false;
  const SinkhornResult full = solve_entropic(X, a, Y, {}, o);
  ASSERT_TRUE(cut.converged) << cut.marginal_error;
  ASSERT_TRUE(full.converged) << full.marginal_error;
  EXPECT_TRUE(cut.blocked);
  EXPECT_FALSE(cut.dense);
  EXPECT_LT(cut.kept_fraction, 0.5);
  EXPECT_EQ(full.kept_fraction, 1.0);
  EXPECT_LT(cut.kernel_entries, full.kernel_entries);
  EXPECT_LE(cut.dropped_mass, o.tol / 20);  // δ = tol/20
  // Both plans are within tol of the coupling set (L1), so ⟨P, C⟩ (C ≤ 2) moves by at most ~2 tol
  // each; the truncated one reports its kept part, within dropped_cost of its full plan.
  EXPECT_NEAR(cut.cost, full.cost, 4 * o.tol + cut.dropped_cost);
  EXPECT_NEAR(cut.objective, full.objective, 4 * o.tol + cut.objective_bound);
}

TEST(EntropicScale, FloatLanesAgreeWithDoubleAndTheDenseMode) {
  const Points X = uniform(400, 2, 3), Y = uniform(350, 2, 4);
  const Weights b = ramp(350);
  SinkhornOptions o = tiled(0.005, 1e-4);  // float lanes
  const SinkhornResult single = solve_entropic(X, {}, Y, b, o);
  o.tol = 1e-10;  // double lanes
  const SinkhornResult twice = solve_entropic(X, {}, Y, b, o);
  o.memory = MemoryMode::Dense;
  const SinkhornResult dense = solve_entropic(X, {}, Y, b, o);
  ASSERT_TRUE(single.converged && twice.converged && dense.converged);
  EXPECT_LE(single.marginal_error, 1e-4);
  EXPECT_NEAR(twice.cost, dense.cost, 1e-9);
  EXPECT_NEAR(twice.objective, dense.objective, 1e-9);
  EXPECT_NEAR(single.cost, dense.cost, 4e-4);
  EXPECT_NEAR(single.objective, dense.objective, 4e-4);
}

TEST(EntropicScale, MultiscaleStartReachesTheSameSolution) {
  const Points X = uniform(400, 2, 5), Y = uniform(400, 2, 6, 0.5f, 0.25f);
  SinkhornOptions o = tiled(0.002, 1e-5);
  const SinkhornResult coarse = solve_entropic(X, {}, Y, {}, o);
  o.multiscale = false;
  const SinkhornResult plain = solve_entropic(X, {}, Y, {}, o);
  ASSERT_TRUE(coarse.converged && plain.converged);
  EXPECT_GT(coarse.coarse_iterations, 0);
  EXPECT_EQ(plain.coarse_iterations, 0);
  // Both within tol (L1) of the coupling set: ⟨P, C⟩ (C ≤ 2) within ~2 tol of each other's.
  EXPECT_NEAR(coarse.objective, plain.objective, 4e-5);
  EXPECT_NEAR(coarse.cost, plain.cost, 4e-5);
}

TEST(EntropicScale, SymmetricIterationMatchesTheGeneralOne) {
  const Points X = uniform(300, 2, 7);
  const Points copy = X;  // a different object: the general two-sided iteration
  const Weights a = ramp(300);
  const SinkhornOptions o = tiled(0.01, 1e-9);
  const SinkhornResult sym = solve_entropic(X, a, X, a, o);
  const SinkhornResult gen = solve_entropic(X, a, copy, a, o);
  ASSERT_TRUE(sym.converged && gen.converged);
  EXPECT_EQ(sym.f, sym.g);  // f = g on the symmetric problem
  EXPECT_NEAR(sym.objective, gen.objective, 1e-8);
  EXPECT_LT(sym.kernel_entries, gen.kernel_entries);  // one pass per iteration
}

TEST(EntropicScale, OneAndThreeDimensionsMatchTheDenseMode) {
  for (int d : {1, 3}) {
    SCOPED_TRACE(d);
    const Points X = uniform(250, d, 8 + d), Y = uniform(200, d, 10 + d);
    SinkhornOptions o = tiled(0.01, 1e-9);
    const SinkhornResult online = solve_entropic(X, {}, Y, {}, o);
    o.memory = MemoryMode::Dense;
    const SinkhornResult dense = solve_entropic(X, {}, Y, {}, o);
    ASSERT_TRUE(online.converged && dense.converged);
    EXPECT_TRUE(online.blocked);
    EXPECT_NEAR(online.objective, dense.objective, 4e-9);
  }
}

TEST(EntropicScale, CoarseCorrectionBalancesTheBlockGraph) {
  // 5 row and 4 column clusters, a sparse random block graph (every cluster in some block).
  entropic::KeptBlocks kept;
  kept.row_clusters = 5;
  kept.col_clusters = 4;
  CounterRng rng(3, 0);
  std::vector<double> Q;
  kept.row_begin.push_back(0);
  for (int K = 0; K < 5; ++K) {
    for (int L = 0; L < 4; ++L)
      if (L == K % 4 || L == (K + 1) % 4 || rng.uniform(static_cast<std::uint64_t>(K) * 4 + L) < 0.3) {
        kept.row_cols.push_back(L);
        Q.push_back(1e-3 + rng.uniform(100 + static_cast<std::uint64_t>(K) * 4 + L));
      }
    kept.row_begin.push_back(static_cast<int>(kept.row_cols.size()));
  }
  Eigen::VectorXd A(5), B(4);
  A << 0.1, 0.3, 0.2, 0.25, 0.15;
  B << 0.4, 0.1, 0.3, 0.2;
  const double eps = 0.01;
  const entropic::CoarseCorrection c = entropic::coarse_correction(kept, Q, A, B, eps, 1e-12);
  Eigen::VectorXd r = Eigen::VectorXd::Zero(5), col = Eigen::VectorXd::Zero(4);
  for (int K = 0; K < 5; ++K)
    for (int b = kept.row_begin[K]; b < kept.row_begin[K + 1]; ++b) {
      const double m = Q[b] * std::exp((c.u[K] + c.v[kept.row_cols[b]]) / eps);
      r[K] += m;
      col[kept.row_cols[b]] += m;
    }
  EXPECT_GT(c.error_before, 0.1);
  EXPECT_LT(c.error_after, 1e-12);
  EXPECT_LT((r - A).lpNorm<1>() + (col - B).lpNorm<1>(), 1e-12);
  EXPECT_LT(c.newton_steps, 30);
}

// A divergence flow into three blobs (the scene sinkhorn-flow-10k.json, smaller): each step
// shifts a little mass between the blobs, which plain Sinkhorn moves by a factor near 1 per
// iteration, so warm-started solves stall at a capped iteration count; the correction balances
// the blobs' masses in one Newton solve on the block graph.
Points blobs(int n, std::uint64_t stream) {
  CounterRng rng(22, stream);
  const float cx[3] = {-0.8f, 0.8f, 0.0f}, cy[3] = {0.5f, 0.5f, -0.8f};
  Points P(n, 2);
  for (int i = 0; i < n; ++i) {
    const int k = i % 4 == 3 ? 2 : i % 4 == 0 ? 0 : 1;  // weights 1 : 2 : 1
    const double r = 0.2 * std::sqrt(-2 * std::log(rng.uniform(3 * static_cast<std::uint64_t>(i)) + 1e-12));
    const double t = 6.283185307 * rng.uniform(3 * static_cast<std::uint64_t>(i) + 1);
    P(i, 0) = cx[k] + static_cast<float>(r * std::cos(t));
    P(i, 1) = cy[k] + static_cast<float>(r * std::sin(t));
  }
  return P;
}

TEST(EntropicScale, CoarseCorrectionUnsticksWarmStartsOfAFlowIntoBlobs) {
  const Points start = uniform(1000, 2, 16, 1.6f, -0.8f), target = blobs(1000, 17);
  Diagnostics last[2];
  for (const bool correct : {true, false}) {
    DivergenceFlowOptions fo;
    fo.solver = tiled(0.01, 1e-3);
    fo.solver.memory = MemoryMode::Auto;
    fo.solver.max_iter = 40;
    fo.solver.coarse_correction = correct;
    fo.step = 0.25;
    SinkhornDivergenceFlow flow(Measure{target, {}}, fo);
    FlowState state;
    state.points = start;
    for (int s = 0; s < 7; ++s) flow.step(state);
    last[correct ? 0 : 1] = flow.diagnostics();
  }
  auto at = [](const Diagnostics& d, const std::string& key) {
    for (const auto& [k, v] : d)
      if (k == key) return v;
    return -1.0;
  };
  EXPECT_LE(at(last[0], "marginal_error"), 1e-3);
  EXPECT_LT(at(last[0], "iterations"), 40);
  EXPECT_GT(at(last[1], "marginal_error"), 1e-3);  // without: still stalled at the cap
  EXPECT_LT(at(last[0], "divergence"), at(last[1], "divergence"));
}

// Runs f at 1 and at 2 threads.
template <class F>
void at_1_and_2_threads(F&& f) {
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  f(0);
  omp_set_num_threads(2);
  f(1);
  omp_set_num_threads(threads);
}

TEST(EntropicScale, ResultsAreBitIdenticalAtOneAndTwoThreads) {
  // 1.1M entries, above the size where the passes go parallel.
  const Points X = uniform(1100, 2, 12), Y = uniform(1000, 2, 13);
  SinkhornResult dense[2], online[2];
  at_1_and_2_threads([&](int t) {
    SinkhornOptions o = tiled(0.01, 1e-6);
    o.memory = MemoryMode::Dense;
    dense[t] = solve_entropic(X, {}, Y, {}, o);
    o.tol = 1e-4;
    o.memory = MemoryMode::Online;
    online[t] = solve_entropic(X, {}, Y, {}, o);
  });
  EXPECT_EQ(dense[0].f, dense[1].f);
  EXPECT_EQ(dense[0].objective, dense[1].objective);
  EXPECT_EQ(dense[0].iterations, dense[1].iterations);
  EXPECT_EQ(online[0].f, online[1].f);
  EXPECT_EQ(online[0].g, online[1].g);
  EXPECT_EQ(online[0].objective, online[1].objective);
  EXPECT_EQ(online[0].marginal_error, online[1].marginal_error);
  // A divergence flow: two steps, positions compared bit for bit.
  Points moved[2];
  at_1_and_2_threads([&](int t) {
    DivergenceFlowOptions fo;
    fo.solver = tiled(0.01, 1e-3);
    fo.solver.memory = MemoryMode::Auto;
    fo.step = 0.3;
    fo.solver.max_iter = 30;
    SinkhornDivergenceFlow flow(Measure{Y, {}}, fo);
    FlowState state;
    state.points = X;
    for (int s = 0; s < 2; ++s) flow.step(state);
    moved[t] = state.points;
  });
  EXPECT_EQ(moved[0], moved[1]);
}

TEST(EntropicScale, TheMemoryBudgetDecidesDenseAgainstOnline) {
  const Points X = uniform(60, 2, 14), Y = uniform(50, 2, 15);
  SinkhornOptions o = tiled(0.05, 1e-9);
  o.memory = MemoryMode::Auto;
  o.cost = GroundCost::Euclidean;  // not a tiled case: dense whenever it fits
  EXPECT_TRUE(dense_fits(60, 50, o));
  EXPECT_TRUE(solve_entropic(X, {}, Y, {}, o).dense);
  o.dense_memory = 60.0 * 50 * 8 - 1;  // one byte short of a double kernel (tol < 1e-7)
  EXPECT_FALSE(dense_fits(60, 50, o));
  EXPECT_FALSE(solve_entropic(X, {}, Y, {}, o).dense);
  o.tol = 1e-6;  // a float kernel: 4 bytes an entry
  EXPECT_TRUE(dense_fits(60, 50, o));
  o.method = EntropicMethod::SinkhornNewtonSparse;
  o.dense_memory = 100;
  try {
    solve_entropic(X, {}, Y, {}, o);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("memory budget"), std::string::npos) << e.what();
  }
  // |x-y|^2 at a float-lane tolerance: the tiled mode, whatever the budget.
  SinkhornOptions q = tiled(0.05, 1e-4);
  q.memory = MemoryMode::Auto;
  EXPECT_TRUE(solve_entropic(X, {}, Y, {}, q).blocked);
  q.tol = 1e-9;  // double lanes: the dense mode where it fits
  EXPECT_TRUE(solve_entropic(X, {}, Y, {}, q).dense);
}

TEST(EntropicScale, EpsSchedulesStayBoundedForHugeCosts) {
  const double inf = std::numeric_limits<double>::infinity();
  for (const double cmax : {inf, 1e300, std::nan("")}) {
    const std::vector<double> s = entropic::eps_schedule(cmax, 1e-3, 0.5, true);
    EXPECT_LE(s.size(), static_cast<std::size_t>(entropic::kMaxStages + 1));
    EXPECT_EQ(s.back(), 1e-3);
  }
  EXPECT_EQ(entropic::eps_schedule(2.0, 1.0, 0.5, true).size(), 1u);  // cmax ≤ 50 ε: no stages
  // A cost matrix with an infinite entry still terminates (that pair simply gets no mass).
  Eigen::MatrixXd C = Eigen::MatrixXd::Constant(3, 3, 1.0);
  C(0, 0) = 0;
  C(1, 1) = 0;
  C(2, 2) = 0;
  C(0, 2) = inf;
  SinkhornOptions o;
  o.eps = 0.01;
  o.tol = 1e-9;
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(3, 1.0 / 3);
  const SinkhornResult r = solve_entropic_dense(C, w, w, o);
  EXPECT_TRUE(r.converged) << r.marginal_error << " after " << r.iterations << " iterations, f " << r.f.transpose();
  EXPECT_NEAR(r.cost, 0.0, 1e-9);
}

}  // namespace
}  // namespace monge
