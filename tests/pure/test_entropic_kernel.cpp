// The fast paths of the entropic engine against slower references:
// - fast_exp / fast_expf against std::exp (relative error, clean underflow to 0);
// - the dense mode's stored kernel (scaling form, float or double storage, over-relaxation)
//   against the online log-domain mode on the same problem;
// - the log-domain fallback when the kernel underflows (far clouds, no ε-scaling);
// - the convergence history the GUI plots.
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/common/random.hpp"
#include "solvers/entropic/entropic_math.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {
namespace {

Points uniform_points(int n, std::uint64_t stream, float shift = 0) {
  CounterRng rng(11, stream);
  Points P(n, 2);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < 2; ++k) P(i, k) = shift + static_cast<float>(rng.uniform(2 * static_cast<std::uint64_t>(i) + k));
  return P;
}

TEST(EntropicKernel, FastExpMatchesStdExp) {
  double worst = 0, worst_f = 0;
  for (double x = -86.0; x <= 88.0; x += 0.01237) {
    worst = std::max(worst, std::abs(entropic::fast_exp(x) / std::exp(x) - 1));
    const float xf = static_cast<float>(x);
    worst_f = std::max(worst_f, std::abs(entropic::fast_expf(xf) / std::exp(static_cast<double>(xf)) - 1));
  }
  EXPECT_LT(worst, 1e-15);
  EXPECT_LT(worst_f, 3e-7);
  EXPECT_EQ(entropic::fast_expf(-90.0f), 0.0f);  // underflows to 0, not to a denormal
  EXPECT_EQ(entropic::fast_expf(-1e30f), 0.0f);
  EXPECT_GT(entropic::fast_expf(-86.9f), 0.0f);
  EXPECT_EQ(entropic::fast_exp(0.0), 1.0);
}

// Dense (stored kernel) and online (log domain) solve the same problem to the same answer; the
// float kernel (tol ≥ 1e-7) reports the exact error of its potentials and stays within it.
TEST(EntropicKernel, DenseKernelMatchesOnlineLogDomain) {
  const Points X = uniform_points(300, 1), Y = uniform_points(250, 2);
  Weights wa(300);
  for (int i = 0; i < 300; ++i) wa[i] = 1.0f + static_cast<float>(i % 7);
  for (double tol : {1e-6, 1e-10}) {
    SinkhornOptions o;
    o.eps = 0.01;
    o.tol = tol;
    o.memory = MemoryMode::Dense;
    const SinkhornResult dense = solve_entropic(X, wa, Y, {}, o);
    o.memory = MemoryMode::Online;
    const SinkhornResult online = solve_entropic(X, wa, Y, {}, o);
    SCOPED_TRACE(tol);
    ASSERT_TRUE(dense.converged) << dense.marginal_error;
    ASSERT_TRUE(online.converged) << online.marginal_error;
    EXPECT_TRUE(dense.dense);
    EXPECT_FALSE(online.dense);
    EXPECT_LE(dense.marginal_error, tol);
    // A plan within tol (L1) of the coupling set moves ⟨P, C⟩ (C ≤ 2) by at most ~2 tol.
    EXPECT_NEAR(dense.cost, online.cost, 4 * tol + 1e-12);
    EXPECT_NEAR(dense.objective, online.objective, 4 * tol + 1e-12);
  }
}

TEST(EntropicKernel, OverRelaxationConvergesToTheSamePlanInFewerIterations) {
  const Points X = uniform_points(400, 3), Y = uniform_points(400, 4);
  SinkhornOptions o;
  o.eps = 0.002;
  o.tol = 1e-9;
  o.max_iter = 20000;
  o.overrelax = false;
  const SinkhornResult plain = solve_entropic(X, {}, Y, {}, o);
  o.overrelax = true;
  const SinkhornResult fast = solve_entropic(X, {}, Y, {}, o);
  ASSERT_TRUE(plain.converged) << plain.marginal_error;
  ASSERT_TRUE(fast.converged) << fast.marginal_error;
  EXPECT_LT(fast.iterations, plain.iterations / 2) << plain.iterations;
  EXPECT_NEAR(fast.cost, plain.cost, 1e-8);
  std::printf("eps 0.002, 400 points: %d iterations plain, %d over-relaxed\n", plain.iterations, fast.iterations);
}

// Clouds 10 apart with ε = 0.1: exp(−C/ε) ≤ e^{−800} underflows even in double, so the
// kernel cannot start from zero potentials and the stage reruns in the log domain.
TEST(EntropicKernel, UnderflowingKernelFallsBackToTheLogDomain) {
  const Points X = uniform_points(60, 5), Y = uniform_points(50, 6, 10.0f);
  SinkhornOptions o;
  o.eps = 0.1;
  o.tol = 1e-9;
  o.eps_scaling = false;
  o.memory = MemoryMode::Dense;
  const SinkhornResult dense = solve_entropic(X, {}, Y, {}, o);
  o.memory = MemoryMode::Online;
  const SinkhornResult online = solve_entropic(X, {}, Y, {}, o);
  ASSERT_TRUE(dense.converged) << dense.marginal_error;
  ASSERT_TRUE(online.converged) << online.marginal_error;
  EXPECT_NEAR(dense.cost, online.cost, 1e-7 * online.cost);
}

TEST(EntropicKernel, HistoryListsEveryCheckedIteration) {
  const Points X = uniform_points(200, 7), Y = uniform_points(200, 8);
  for (MemoryMode mode : {MemoryMode::Dense, MemoryMode::Online}) {
    SinkhornOptions o;
    o.eps = 0.01;
    o.tol = 1e-8;
    o.memory = mode;
    o.record_history = true;
    const SinkhornResult r = solve_entropic(X, {}, Y, {}, o);
    ASSERT_TRUE(r.converged);
    ASSERT_EQ(static_cast<int>(r.history.size()), r.iterations);
    for (std::size_t k = 0; k < r.history.size(); ++k) {
      EXPECT_EQ(r.history[k].first, static_cast<int>(k) + 1);
      EXPECT_TRUE(std::isfinite(r.history[k].second));
    }
    EXPECT_LE(r.history.back().second, o.tol);
    o.record_history = false;
    EXPECT_TRUE(solve_entropic(X, {}, Y, {}, o).history.empty());
  }
}

}  // namespace
}  // namespace monge
