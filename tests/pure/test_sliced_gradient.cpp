// The gradient of the sliced-Wasserstein estimate with respect to the source positions against
// central finite differences, for p = 1 and 2, uniform and weighted, equal and unequal sizes.
// The points are spread out (jittered grid) so that a +-h move rarely swaps two projections, where
// the cost has a kink; the estimate is a function of the positions for a fixed seed.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "solvers/common/random.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

using namespace monge;

namespace {

// n points on a jittered grid of spacing 1 (d = 2 or 3), shifted by `offset`.
Points spread_points(int n, int d, std::uint64_t seed, float offset) {
  const CounterRng rng(seed, 2);
  Points P(n, d);
  const int side = static_cast<int>(std::ceil(std::pow(n, 1.0 / d)));
  for (int i = 0; i < n; ++i) {
    int k = i;
    for (int j = 0; j < d; ++j) {
      P(i, j) = static_cast<float>(k % side) + 0.6f * (rng.uniform(static_cast<std::uint64_t>(i) * d + j) - 0.5f) + offset;
      k /= side;
    }
  }
  return P;
}

void check_gradient(int n, int m, int d, int p, bool weighted, Estimator est) {
  const Points X = spread_points(n, d, 1, 0.0f), Y = spread_points(m, d, 2, 0.7f) * 1.3f;
  Weights wx, wy;
  if (weighted) {
    const CounterRng rng(3, 0);
    wx = Weights(n);
    wy = Weights(m);
    for (int i = 0; i < n; ++i) wx[i] = 0.5f + rng.uniform(i);
    for (int i = 0; i < m; ++i) wy[i] = 0.5f + rng.uniform(1000 + i);
  }
  SlicedOptions o;
  o.p = p;
  o.projections = 8;
  o.seed = 5;
  o.estimator = est;
  SlicedWasserstein engine;
  Points grad;
  engine.evaluate(X, wx, Y, wy, o, &grad);
  ASSERT_EQ(grad.rows(), n);
  ASSERT_EQ(grad.cols(), d);
  const float h = 2e-3f;
  double worst = 0, scale = grad.cwiseAbs().maxCoeff();
  int bad = 0;
  double err2 = 0, norm2 = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) {
      Points Xp = X, Xm = X;
      Xp(i, j) += h;
      Xm(i, j) -= h;
      const double fd =
          (engine.evaluate(Xp, wx, Y, wy, o).value_pow - engine.evaluate(Xm, wx, Y, wy, o).value_pow) / (double(Xp(i, j)) - Xm(i, j));
      const double err = std::abs(fd - grad(i, j));
      worst = std::max(worst, err);
      err2 += err * err;
      norm2 += double(grad(i, j)) * grad(i, j);
      if (err > 2e-3 * scale) ++bad;
    }
  const std::string what = "n=" + std::to_string(n) + " m=" + std::to_string(m) + " d=" + std::to_string(d) +
                           " p=" + std::to_string(p) + (weighted ? " weighted" : " uniform");
  // Two projections within h of each other make a kink (the sorted pairing changes) that spoils
  // the difference quotient of both points: allow two such pairs, and bound the overall error.
  EXPECT_LE(bad, 4 * d) << what << ": worst error " << worst << " (gradient scale " << scale << ")";
  // p = 1 also has a kink where a source projection crosses a target one: looser overall bound.
  EXPECT_LT(std::sqrt(err2 / norm2), p == 2 ? 0.02 : 0.05) << what;
  EXPECT_GT(scale, 1e-4) << what;
}

}  // namespace

TEST(SlicedGradient, MatchesFiniteDifferencesP2) {
  check_gradient(25, 25, 2, 2, false, Estimator::Plain);
  check_gradient(20, 33, 2, 2, false, Estimator::Plain);
  check_gradient(27, 19, 3, 2, true, Estimator::Plain);
}

TEST(SlicedGradient, MatchesFiniteDifferencesP1) {
  check_gradient(25, 25, 2, 1, false, Estimator::Plain);
  check_gradient(18, 29, 3, 1, true, Estimator::Plain);
}

TEST(SlicedGradient, ControlVariateGradientIsPlainMinusAlphaTimesTheControlGradient) {
  // With alpha held fixed, grad Z = grad W-bar - alpha grad(G-bar - E G), where for LCV
  // grad_i (G-bar - E G) = 2 a_i (Theta^T Theta / L - I/d) dm. Check against that formula with
  // alpha and the directions the engine reports.
  const int n = 30, m = 40, d = 3;
  const Points X = spread_points(n, d, 7, 0.0f), Y = spread_points(m, d, 8, 1.5f);
  SlicedOptions o;
  o.projections = 12;
  o.seed = 9;
  SlicedWasserstein engine;
  Points g_plain, g_lcv;
  engine.evaluate(X, {}, Y, {}, o, &g_plain);
  o.estimator = Estimator::LowerCV;
  const SlicedResult r = engine.evaluate(X, {}, Y, {}, o, &g_lcv);
  const Eigen::MatrixXd T = engine.directions().cast<double>();
  const Eigen::MatrixXd M = T.transpose() * T / T.rows() - Eigen::MatrixXd::Identity(d, d) / d;
  const Eigen::VectorXd dm = (X.cast<double>().colwise().mean() - Y.cast<double>().colwise().mean()).transpose();
  const Eigen::VectorXd control = 2.0 / n * M * dm;
  ASSERT_NE(r.cv_alpha, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) EXPECT_NEAR(g_lcv(i, j), g_plain(i, j) - r.cv_alpha * control(j), 1e-5);
}
