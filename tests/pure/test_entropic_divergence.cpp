// Sinkhorn divergence: S_ε(α, α) = 0, S_ε ≥ 0, the gradient against finite differences, the
// flow lowering S_ε, and the plan view.
#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/entropic/divergence.hpp"
#include "solvers/entropic/divergence_flow.hpp"

namespace monge {
namespace {

Points gaussian_cloud(int n, float shift, std::uint64_t stream) {
  CounterRng rng(7, stream);
  Points P(n, 2);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < 2; ++k) P(i, k) = static_cast<float>(0.5 * rng.normal(2 * static_cast<std::uint64_t>(i) + k)) + shift * (k == 0);
  return P;
}

SinkhornOptions tight(double eps) {
  SinkhornOptions o;
  o.eps = eps;
  o.tol = 1e-12;
  o.max_iter = 100000;
  return o;
}

TEST(EntropicDivergence, ZeroOnItselfAndPositiveOtherwise) {
  const Points X = gaussian_cloud(40, 0, 1), Y = gaussian_cloud(55, 0.7f, 2);
  Weights a = Weights::Ones(40);
  a.head(10) *= 3;
  SinkhornOptions o = tight(0.1);
  o.tol = 1e-10;  // the self-transport solves converge slowly at tighter tolerances
  const DivergenceResult self = sinkhorn_divergence(X, a, X, a, o, false);
  EXPECT_NEAR(self.value, 0.0, 1e-9);
  o.tol = 1e-8;  // enough for the sign; keeps the run time down
  for (double eps : {1.0, 0.1}) {
    o.eps = eps;
    const DivergenceResult r = sinkhorn_divergence(X, a, Y, {}, o, false);
    EXPECT_GT(r.value, 0.0) << eps;
    // S_ε ≤ OT_ε, and for well-separated clouds it is near the mean shift squared (0.49).
    EXPECT_LT(r.value, r.xy.objective);
  }
}

TEST(EntropicDivergence, GradientMatchesFiniteDifferences) {
  const Points X = gaussian_cloud(12, 0, 3), Y = gaussian_cloud(15, 0.5f, 4);
  Weights a = Weights::Ones(12);
  a[0] = 2.5f;
  const SinkhornOptions o = tight(0.2);
  const DivergenceResult r = sinkhorn_divergence(X, a, Y, {}, o, true);
  const float h = 1e-2f;
  for (int i : {0, 5, 11})
    for (int k = 0; k < 2; ++k) {
      Points Xp = X, Xm = X;
      Xp(i, k) += h;
      Xm(i, k) -= h;
      const double fd = (sinkhorn_divergence(Xp, a, Y, {}, o, false).value -
                         sinkhorn_divergence(Xm, a, Y, {}, o, false).value) / (Xp(i, k) - Xm(i, k));
      EXPECT_NEAR(r.gradient(i, k), fd, 2e-3 * std::abs(fd) + 2e-5) << i << "," << k;
    }
}

TEST(EntropicDivergence, FlowLowersTheDivergenceWithWarmStarts) {
  const Points Y = gaussian_cloud(80, 1.5f, 6);
  DivergenceFlowOptions o;
  o.solver.eps = 0.05;
  o.solver.tol = 1e-6;
  o.step = 0.5;
  SinkhornDivergenceFlow flow(Measure{Y, {}}, o);
  FlowState s;
  s.points = gaussian_cloud(60, -1.0f, 5);
  flow.step(s);
  const double first = flow.diagnostics()[0].second;
  const double first_iters = flow.diagnostics()[1].second;
  EXPECT_EQ(flow.diagnostics()[0].first, "divergence");
  double last = first, last_iters = 0;
  for (int t = 0; t < 10; ++t) {
    flow.step(s);
    EXPECT_LE(flow.diagnostics()[0].second, last * (1 + 1e-6));
    last = flow.diagnostics()[0].second;
    last_iters = flow.diagnostics()[1].second;
  }
  EXPECT_LT(last, 0.05 * first);
  EXPECT_LT(last_iters, first_iters);  // warm start
  EXPECT_THROW(flow.set_eps(0), InputError);
}

TEST(EntropicDivergence, PlanViewLinksAndImages) {
  // Two points each, far apart: the plan is nearly the identity matching, so the images are the
  // matched targets and the strongest links pair i with i.
  Points X(2, 2), Y(2, 2);
  X << 0, 0, 10, 0;
  Y << 0, 1, 10, 1;
  SinkhornOptions o = tight(0.1);
  const SinkhornResult r = solve_entropic(X, {}, Y, {}, o);
  const PlanView v = plan_view(X, {}, Y, {}, r, o, 5);
  ASSERT_EQ(v.links.size(), 2u);
  for (const PlanLink& l : v.links) {
    EXPECT_EQ(l.i, l.j);
    EXPECT_NEAR(l.mass, 0.5, 1e-9);
  }
  EXPECT_NEAR(v.images(1, 0), 10.0, 1e-5);
  EXPECT_NEAR(v.images(1, 1), 1.0, 1e-5);
  EXPECT_NEAR(v.row_mass.sum(), 1.0, 1e-9);
}

}  // namespace
}  // namespace monge
