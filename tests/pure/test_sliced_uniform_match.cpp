// uniform_quantile_match (sliced_math.hpp), the per-atom 1D matching that GPU threads run one
// source atom each, against the sequential quantile merge transport_1d_sorted that the CPU engine
// runs, and against a small closed form. Then the engine's ProjectionRunner hook: a runner built
// here from std::sort and transport_1d_sorted (an independent path) must give what the engine's
// own threads give.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/sliced/sliced_math.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

using namespace monge;

namespace {

std::vector<float> sorted_values(int n, std::uint64_t seed) {
  const CounterRng rng(seed, 0);
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = 3.0f * rng.normal(i);
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(UniformQuantileMatch, ClosedFormOneSourceTwoTargets) {
  // One source atom at 0 against targets -1 and 3 of mass 1/2 each: W_2^2 = (1 + 9)/2 = 5,
  // derivative (2*1 + 2*(-3))/2 = -2, matched barycentre (-1 + 3)/2 = 1.
  const float ys[2] = {-1.0f, 3.0f};
  float coef = 0, target = 0;
  EXPECT_DOUBLE_EQ(uniform_quantile_match(0, 1, 0.0f, ys, 2, 2, &coef, &target), 5.0);
  EXPECT_FLOAT_EQ(coef, -2.0f);
  EXPECT_FLOAT_EQ(target, 1.0f);
  // p = 1: (1 + 3)/2 = 2, derivative (-1 + 1)/2... sign(0 - (-1)) = 1, sign(0 - 3) = -1: 0.
  EXPECT_DOUBLE_EQ(uniform_quantile_match(0, 1, 0.0f, ys, 2, 1, &coef, &target), 2.0);
  EXPECT_FLOAT_EQ(coef, 0.0f);
}

TEST(UniformQuantileMatch, AgreesWithTheSequentialMerge) {
  const int sizes[][2] = {{5, 5}, {7, 3}, {3, 7}, {100, 37}, {37, 100}, {1, 9}, {9, 1}, {64, 1000}};
  for (const auto& s : sizes)
    for (int p : {1, 2}) {
      const int n = s[0], m = s[1];
      const std::vector<float> xs = sorted_values(n, 11), ys = sorted_values(m, 12);
      std::vector<float> coef_ref(n), target_ref(n), ycoef(m);
      const double total_ref = transport_1d_sorted(xs.data(), nullptr, nullptr, n, ys.data(), nullptr, nullptr, m, p,
                                                   coef_ref.data(), ycoef.data(), target_ref.data());
      double total = 0;
      for (int k = 0; k < n; ++k) {
        float coef, target;
        total += uniform_quantile_match(k, n, xs[k], ys.data(), m, p, &coef, &target);
        SCOPED_TRACE("n " + std::to_string(n) + " m " + std::to_string(m) + " p " + std::to_string(p) + " k " +
                     std::to_string(k));
        EXPECT_NEAR(coef, coef_ref[k], 1e-5 * (1 + std::abs(coef_ref[k])));
        EXPECT_NEAR(target, target_ref[k], 1e-5 * (1 + std::abs(target_ref[k])));
      }
      EXPECT_NEAR(total, total_ref, 1e-9 * (1 + total_ref)) << "n " << n << " m " << m << " p " << p;
    }
}

namespace {

// An independent runner: per direction, project, std::sort with indices, transport_1d_sorted.
class SortingRunner final : public ProjectionRunner {
 public:
  int calls = 0;
  void run(const SlicedProblem& pr, const Points& theta, std::vector<double>& costs, Points* grad) override {
    ++calls;
    const Points& X = *pr.X;
    const Points& Y = *pr.Y;
    const int n = static_cast<int>(X.rows()), m = static_cast<int>(Y.rows()), d = static_cast<int>(X.cols());
    const int L = static_cast<int>(theta.rows());
    costs.assign(L, 0.0);
    if (grad) grad->setZero();
    for (int l = 0; l < L; ++l) {
      auto sorted = [&](const Points& P, int count, std::vector<float>& values, std::vector<std::uint32_t>& order) {
        std::vector<float> proj(count);
        for (int i = 0; i < count; ++i) proj[i] = project_point(&P(i, 0), &theta(l, 0), d);
        order.resize(count);
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return proj[a] < proj[b]; });
        values.resize(count);
        for (int i = 0; i < count; ++i) values[i] = proj[order[i]];
      };
      std::vector<float> xs, ys, coef(n);
      std::vector<std::uint32_t> ox, oy;
      sorted(X, n, xs, ox);
      sorted(Y, m, ys, oy);
      costs[l] = transport_1d_sorted(xs.data(), ox.data(), pr.wx->empty() ? nullptr : pr.wx->data(), n, ys.data(),
                                     oy.data(), pr.wy->empty() ? nullptr : pr.wy->data(), m, pr.p, coef.data(), nullptr,
                                     nullptr);
      if (grad)
        for (int k = 0; k < n; ++k)
          for (int c = 0; c < d; ++c) (*grad)(ox[k], c) += coef[k] * theta(l, c) / L;
    }
  }
  const char* name() const override { return "sorting test runner"; }
};

Points cloud(int n, int d, std::uint64_t seed, float shift) {
  const CounterRng rng(seed, 1);
  Points P(n, d);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < d; ++c) P(i, c) = rng.normal(static_cast<std::uint64_t>(i) * d + c) + shift * c;
  return P;
}

}  // namespace

TEST(ProjectionRunnerHook, EngineGivesTheRunnersResults) {
  for (Estimator est : {Estimator::Plain, Estimator::UpperCV})
    for (bool weighted : {false, true}) {
      const Points X = cloud(300, 3, 1, 0.0f), Y = cloud(200, 3, 2, 1.5f);
      Weights wx;
      if (weighted) {
        wx = Weights(300);
        for (int i = 0; i < 300; ++i) wx[i] = 1.0f + (i % 7);
      }
      SlicedOptions o;
      o.projections = 20;
      o.seed = 9;
      o.estimator = est;
      SlicedWasserstein cpu, hooked;
      auto runner = std::make_shared<SortingRunner>();
      hooked.set_runner(runner);
      Points g_cpu, g_hooked;
      const SlicedResult a = cpu.evaluate(X, wx, Y, {}, o, &g_cpu);
      const SlicedResult b = hooked.evaluate(X, wx, Y, {}, o, &g_hooked);
      EXPECT_EQ(runner->calls, 1);
      EXPECT_NEAR(b.value, a.value, 1e-6 * a.value);
      EXPECT_NEAR(b.std_error, a.std_error, 1e-5 * a.std_error + 1e-12);
      EXPECT_LT((g_hooked - g_cpu).cwiseAbs().maxCoeff(), 1e-5f * g_cpu.cwiseAbs().maxCoeff());
    }
}
