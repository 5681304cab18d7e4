// The SoftminRunner hook of the online Sinkhorn mode, on the CPU. First the per-element math the
// CUDA kernels run (entropic_math.hpp: the online log-sum-exp and the plan-row moments) against
// direct two-pass formulas. Then a runner written here with plain std::exp loops (an independent
// path: no fast_exp, no SIMD rows) must give what the engine's own threads give: the potentials,
// the plan summary, the divergence and its gradient, the plan view and a few flow steps.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/entropic/divergence.hpp"
#include "solvers/entropic/divergence_flow.hpp"
#include "solvers/entropic/entropic_math.hpp"

namespace monge {
namespace {

Points cloud(int n, int d, float shift, std::uint64_t stream) {
  const CounterRng rng(11, stream);
  Points P(n, d);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) P(i, k) = 0.5f * rng.normal(static_cast<std::uint64_t>(i) * d + k) + shift * (k == 0);
  return P;
}

// log sum exp(t) by the textbook two-pass formula in long double.
long double direct_lse(const std::vector<double>& t) {
  long double mx = -std::numeric_limits<long double>::infinity(), s = 0;
  for (double v : t) mx = std::max<long double>(mx, v);
  for (double v : t) s += std::exp(static_cast<long double>(v) - mx);
  return mx + std::log(s);
}

TEST(OnlineLse, MatchesTwoPassFormula) {
  const CounterRng rng(3, 0);
  for (int n : {1, 2, 7, 1000}) {
    std::vector<double> t(n);
    for (int j = 0; j < n; ++j) t[j] = 200.0 * rng.normal(j) + (j % 3 == 0 ? -1e300 * (n > 2) : 0.0);
    if (n > 2) t[1] = 500;  // the max in the middle: earlier sums get rescaled
    entropic::OnlineLse<double> lse;
    for (double v : t) lse.push(v);
    EXPECT_NEAR(lse.log_sum(), static_cast<double>(direct_lse(t)), 1e-12 * std::abs(static_cast<double>(direct_lse(t))) + 1e-13)
        << "n " << n;
    entropic::OnlineLse<float> lsef;
    for (double v : t) lsef.push(static_cast<float>(std::max(v, -1e30)));
    // Float terms round t to ~6e-8 relative (|t| ~ 500): 1e-4 absolute on the result.
    EXPECT_NEAR(lsef.log_sum(), static_cast<double>(direct_lse(t)), 1e-4) << "n " << n;
  }
}

TEST(OnlineLse, IncreasingTermsRescaleEverySum) {
  // t_j = j: every term is a new max. log sum_{j<n} e^j = log((e^n - 1)/(e - 1)).
  entropic::OnlineLse<double> lse;
  const int n = 50;
  for (int j = 0; j < n; ++j) lse.push(j);
  EXPECT_NEAR(lse.log_sum(), std::log((std::exp(double(n)) - 1) / (std::exp(1.0) - 1)), 1e-12);
  EXPECT_EQ(lse.mx, n - 1);
}

TEST(PlanRowMoments, MatchDirectWeightedMeans) {
  const CounterRng rng(5, 1);
  const int M = 300, d = 3;
  std::vector<double> t(M), c(M), h(M);
  std::vector<float> y(M * d);
  for (int j = 0; j < M; ++j) {
    t[j] = 30.0 * rng.normal(4 * j);
    c[j] = std::abs(rng.normal(4 * j + 1));
    h[j] = rng.normal(4 * j + 2);
    for (int k = 0; k < d; ++k) y[j * d + k] = rng.normal(4 * j + 3 + 1000 * k);
  }
  entropic::PlanRowMoments acc;
  for (int j = 0; j < M; ++j) acc.push(j, t[j], c[j], h[j], &y[j * d], d);
  const long double lse = direct_lse(t);
  long double mc = 0, mh = 0, my[3] = {0, 0, 0};
  int arg = 0;
  for (int j = 0; j < M; ++j) {
    const long double p = std::exp(t[j] - lse);
    mc += p * c[j];
    mh += p * h[j];
    for (int k = 0; k < d; ++k) my[k] += p * y[j * d + k];
    if (t[j] > t[arg]) arg = j;
  }
  EXPECT_NEAR(acc.lse.log_sum(), static_cast<double>(lse), 1e-12 * std::abs(static_cast<double>(lse)));
  EXPECT_NEAR(acc.mean_cost(), static_cast<double>(mc), 1e-12);
  EXPECT_NEAR(acc.mean_h(), static_cast<double>(mh), 1e-12);
  for (int k = 0; k < d; ++k) EXPECT_NEAR(acc.mean_y(k), static_cast<double>(my[k]), 1e-12);
  EXPECT_EQ(acc.argmax, arg);
}

TEST(GroundCost, SquaredDistanceAndCostFromSquared) {
  const float x[3] = {1, 2, 3}, y[3] = {-1, 0.5f, 5};
  const double s = 4 + 2.25 + 4;
  EXPECT_DOUBLE_EQ(entropic::squared_distance<double>(x, y, 3), s);
  EXPECT_DOUBLE_EQ(entropic::cost_from_squared<double>(s, 1, 2.0), std::sqrt(s));
  EXPECT_NEAR(entropic::cost_from_squared<float>(static_cast<float>(s), 2, 3.0f), std::pow(s, 1.5), 1e-5 * std::pow(s, 1.5));
}

// The independent runner: plain loops, std::exp, two passes (max, then sum).
class DirectRunner final : public SoftminRunner {
 public:
  int softmins = 0, moment_calls = 0;
  void softmin(const SoftminProblem& pr, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps, bool,
               Eigen::VectorXd& out) override {
    ++softmins;
    SoftminMoments m;
    reduce(pr, h, logw, eps, m);
    out = m.softmin;
  }
  void moments(const SoftminProblem& pr, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps,
               SoftminMoments& out) override {
    ++moment_calls;
    reduce(pr, h, logw, eps, out);
  }
  const char* name() const override { return "direct CPU (test)"; }

 private:
  static void reduce(const SoftminProblem& pr, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps,
                     SoftminMoments& out) {
    const Points &X = *pr.X, &Y = *pr.Y;
    const int N = static_cast<int>(X.rows()), M = static_cast<int>(Y.rows()), d = static_cast<int>(X.cols());
    out.softmin.resize(N);
    out.mean_cost.resize(N);
    out.mean_h.resize(N);
    out.mean_y.resize(N, d);
    out.argmax.resize(N);
    std::vector<double> t(M), c(M);
    for (int i = 0; i < N; ++i) {
      double mx = -std::numeric_limits<double>::infinity();
      int arg = 0;
      for (int j = 0; j < M; ++j) {
        double s2 = 0;
        for (int k = 0; k < d; ++k) s2 += std::pow(double(X(i, k)) - double(Y(j, k)), 2);
        c[j] = pr.kind == 0 ? s2 : pr.kind == 1 ? std::sqrt(s2) : std::pow(s2, pr.p / 2);
        t[j] = h[j] / eps + logw[j] - c[j] / eps;
        if (t[j] > mx) mx = t[j], arg = j;
      }
      double s = 0, sc = 0, sh = 0;
      Eigen::VectorXd sy = Eigen::VectorXd::Zero(d);
      for (int j = 0; j < M; ++j) {
        const double e = std::exp(t[j] - mx);
        s += e;
        sc += e * c[j];
        sh += e * h[j];
        for (int k = 0; k < d; ++k) sy[k] += e * Y(j, k);
      }
      out.softmin[i] = -eps * (mx + std::log(s));
      out.mean_cost[i] = sc / s;
      out.mean_h[i] = sh / s;
      for (int k = 0; k < d; ++k) out.mean_y(i, k) = static_cast<float>(sy[k] / s);
      out.argmax[i] = arg;
    }
  }
};

// The runner has none of the CPU tiled mode's extras (multiscale start, truncation, coarse
// correction): switch them off so that both sides run the same iteration.
SinkhornOptions online(double eps) {
  SinkhornOptions o;
  o.eps = eps;
  o.tol = 1e-10;
  o.max_iter = 20000;
  o.memory = MemoryMode::Online;
  o.multiscale = false;
  o.truncate = false;
  o.coarse_correction = false;
  return o;
}

TEST(SoftminRunner, SolveMatchesTheCpuThreads) {
  for (int d : {2, 3}) {
    for (GroundCost cost : {GroundCost::SquaredEuclidean, GroundCost::Euclidean, GroundCost::Power}) {
      SCOPED_TRACE("d " + std::to_string(d) + " cost " + std::to_string(static_cast<int>(cost)));
      const Points X = cloud(70, d, 0, 1), Y = cloud(90, d, 0.8f, 2);
      Weights b = Weights::Ones(90);
      b.head(20) *= 2;
      SinkhornOptions o = online(0.05);
      o.cost = cost;
      o.p = 1.5;
      const SinkhornResult cpu = solve_entropic(X, {}, Y, b, o);
      auto runner = std::make_shared<DirectRunner>();
      o.runner = runner;
      o.memory = MemoryMode::Auto;  // a runner makes Auto pick the online mode
      const SinkhornResult hook = solve_entropic(X, {}, Y, b, o);
      EXPECT_FALSE(hook.dense);
      EXPECT_GT(runner->softmins, 2 * hook.iterations - 1);
      EXPECT_GE(runner->moment_calls, 1);  // the plan summary
      // The CPU's early ε stages use float exps (the runner here: double), so the paths differ
      // by rounding; both end within tol of the same fixed point.
      EXPECT_NEAR(hook.iterations, cpu.iterations, 2);
      EXPECT_TRUE(hook.converged);
      EXPECT_LE(hook.marginal_error, o.tol);
      // Potentials are defined up to f + c, g - c: compare them modulo that shift.
      const double shift = (hook.f - cpu.f).mean();
      EXPECT_LT(((hook.f - cpu.f).array() - shift).abs().maxCoeff(), 1e-9);
      EXPECT_LT(((hook.g - cpu.g).array() + shift).abs().maxCoeff(), 1e-9);
      EXPECT_NEAR(hook.cost, cpu.cost, 1e-8 * std::abs(cpu.cost));
      EXPECT_NEAR(hook.objective, cpu.objective, 1e-8 * std::abs(cpu.objective));
    }
  }
}

TEST(SoftminRunner, SnsAndExplicitDenseStayOnTheCpu) {
  const Points X = cloud(30, 2, 0, 1), Y = cloud(40, 2, 0.5f, 2);
  auto runner = std::make_shared<DirectRunner>();
  SinkhornOptions o = online(0.1);
  o.runner = runner;
  o.memory = MemoryMode::Dense;
  EXPECT_TRUE(solve_entropic(X, {}, Y, {}, o).dense);
  o.memory = MemoryMode::Auto;
  o.method = EntropicMethod::SinkhornNewtonSparse;
  EXPECT_TRUE(solve_entropic(X, {}, Y, {}, o).dense);
  EXPECT_EQ(runner->softmins + runner->moment_calls, 0);
}

TEST(SoftminRunner, DivergenceGradientAndPlanViewMatch) {
  const Points X = cloud(60, 2, 0, 3), Y = cloud(50, 2, 1.0f, 4);
  Weights a = Weights::Ones(60);
  a.head(15) *= 3;
  SinkhornOptions o = online(0.1);
  const DivergenceResult cpu = sinkhorn_divergence(X, a, Y, {}, o, true);
  const PlanView view_cpu = plan_view(X, a, Y, {}, cpu.xy, o, 20);
  auto runner = std::make_shared<DirectRunner>();
  o.runner = runner;
  const DivergenceResult hook = sinkhorn_divergence(X, a, Y, {}, o, true);
  const PlanView view_hook = plan_view(X, a, Y, {}, hook.xy, o, 20);
  EXPECT_GE(runner->moment_calls, 3 + 2 + 1);  // three summaries, two barycentric maps, the view
  EXPECT_NEAR(hook.value, cpu.value, 1e-10);
  const float gmax = cpu.gradient.cwiseAbs().maxCoeff();
  EXPECT_GT(gmax, 0);
  EXPECT_LT((hook.gradient - cpu.gradient).cwiseAbs().maxCoeff(), 1e-5f * gmax);
  EXPECT_LT((view_hook.images - view_cpu.images).cwiseAbs().maxCoeff(), 1e-5f);
  EXPECT_LT((view_hook.row_mass - view_cpu.row_mass).cwiseAbs().maxCoeff(), 1e-12);
  ASSERT_EQ(view_hook.links.size(), view_cpu.links.size());
  for (std::size_t k = 0; k < view_cpu.links.size(); ++k) {
    EXPECT_EQ(view_hook.links[k].i, view_cpu.links[k].i);
    EXPECT_EQ(view_hook.links[k].j, view_cpu.links[k].j);
    EXPECT_NEAR(view_hook.links[k].mass, view_cpu.links[k].mass, 1e-10 * view_cpu.links[k].mass);
  }
}

TEST(SoftminRunner, FlowStepsMatchAndTheRunnerCanBeSwitchedMidFlow) {
  Measure target{cloud(50, 2, 1.0f, 6), {}};
  DivergenceFlowOptions fo;
  fo.solver = online(0.1);
  fo.solver.tol = 1e-9;
  SinkhornDivergenceFlow cpu(target, fo), hook(target, fo);
  auto runner = std::make_shared<DirectRunner>();
  FlowState a;
  a.points = cloud(40, 2, 0, 5);
  FlowState b = a;
  for (int k = 0; k < 4; ++k) {
    if (k == 1) hook.set_softmin_runner(runner);  // switched while the flow runs, warm start kept
    cpu.step(a);
    hook.step(b);
  }
  EXPECT_GT(runner->softmins, 0);
  EXPECT_LT((a.points - b.points).cwiseAbs().maxCoeff(), 1e-5f);
  hook.set_softmin_runner(nullptr);
  EXPECT_EQ(hook.options().solver.runner, nullptr);
}

}  // namespace
}  // namespace monge
