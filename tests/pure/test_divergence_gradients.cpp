// Gradients of the divergence playground against central finite differences: the mixture's
// log-density gradient, every grid divergence through a Gaussian, a mixture and a particle model,
// sliced Wasserstein and the Sinkhorn divergence through reparameterised samples (with the
// Sinkhorn weight gradient), and the Monge gap in the map's images. A meta-test shows that the
// same check rejects a gradient with one wrong sign.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/divergence/divergence_fit.hpp"
#include "solvers/divergence/monge_gap.hpp"

namespace monge {
namespace {

QuadratureGrid small_grid() {
  QuadratureGrid g;
  g.nx = g.ny = 64;
  g.x0 = g.y0 = -6;
  g.x1 = g.y1 = 6;
  return g;
}

std::vector<GaussianComponent> two_modes() {
  return {{0.6, Eigen::Vector2d(-1.5, 0.0), (Eigen::Matrix2d() << 0.3, 0.0, 0.0, 0.5).finished()},
          {0.4, Eigen::Vector2d(1.5, 0.5), (Eigen::Matrix2d() << 0.4, 0.1, 0.1, 0.3).finished()}};
}

DivergenceTarget target_with_samples(int m) {
  DivergenceTarget t;
  t.density = Mixture2D::from_components(two_modes(), "target");
  t.modes = 2;
  t.samples = sample_gaussian_mixture(m, two_modes(), CounterRng(5, 1));
  return t;
}

Mixture2D model(int K) {
  std::vector<GaussianComponent> c = {{1.0, Eigen::Vector2d(0.2, 0.1), (Eigen::Matrix2d() << 1.2, 0.2, 0.2, 0.8).finished()},
                                      {0.5, Eigen::Vector2d(-0.7, 0.9), (Eigen::Matrix2d() << 0.5, -0.1, -0.1, 0.7).finished()},
                                      {0.8, Eigen::Vector2d(1.1, -0.4), (Eigen::Matrix2d() << 0.6, 0.0, 0.0, 0.4).finished()}};
  c.resize(K);
  return Mixture2D::from_components(c, "model");
}

// Largest |analytic - central difference| over the coordinates, relative to the largest |gradient|.
double worst_relative(const Eigen::VectorXd& grad, const std::function<double(const Eigen::VectorXd&)>& f,
                      const Eigen::VectorXd& x, double h, std::vector<int> skip = {}) {
  double worst = 0;
  const double scale = std::max(grad.cwiseAbs().maxCoeff(), 1e-12);
  for (int i = 0; i < x.size(); ++i) {
    if (std::find(skip.begin(), skip.end(), i) != skip.end()) continue;
    Eigen::VectorXd a = x, b = x;
    a[i] += h;
    b[i] -= h;
    const double fd = (f(a) - f(b)) / (2 * h);
    worst = std::max(worst, std::abs(fd - grad[i]) / scale);
  }
  return worst;
}

TEST(DivergenceGradient, MixtureLogDensityMatchesFiniteDifferences) {
  const QuadratureGrid g = small_grid();
  const Mixture2D q = model(3);
  std::vector<double> s(g.size());
  const CounterRng rng(3, 9);
  for (int i = 0; i < g.size(); ++i) s[i] = rng.normal(i);
  auto f = [&](const Eigen::VectorXd& theta) {
    const std::vector<double> lq = log_density_on_grid(Mixture2D(theta), g);
    double v = 0;
    for (int i = 0; i < g.size(); ++i) v += s[i] * lq[i];
    return v;
  };
  const Eigen::VectorXd grad = log_density_gradient(q, g, s);
  EXPECT_LT(worst_relative(grad, f, q.theta(), 1e-5), 1e-7);
  // The same check rejects a gradient with one wrong sign.
  Eigen::VectorXd wrong = grad;
  wrong[8] = -wrong[8];
  EXPECT_GT(worst_relative(wrong, f, q.theta(), 1e-5), 1e-3);
}

struct GridCase {
  DivergenceKind kind;
  double alpha;
};
const GridCase kGridCases[] = {{DivergenceKind::ForwardKL, 0},   {DivergenceKind::ReverseKL, 0},
                               {DivergenceKind::JensenShannon, 0}, {DivergenceKind::Alpha, 0.5},
                               {DivergenceKind::Alpha, 0.2},     {DivergenceKind::Alpha, 0.9},
                               {DivergenceKind::TotalVariation, 0}, {DivergenceKind::Hellinger, 0}};

TEST(DivergenceGradient, EveryGridDivergenceThroughGaussianAndMixture) {
  for (const GridCase& c : kGridCases)
    for (int K : {1, 3}) {
      DivergenceFitOptions o;
      o.divergence = c.kind;
      o.alpha = c.alpha;
      o.grid = small_grid();
      DivergenceFitFlow flow(target_with_samples(8), model(K), o);
      Eigen::VectorXd grad;
      flow.objective(model(K), 0, &grad);
      auto f = [&](const Eigen::VectorXd& theta) { return flow.objective(Mixture2D(theta), 0, nullptr); };
      SCOPED_TRACE(std::string(divergence_name(c.kind)) + " alpha " + std::to_string(c.alpha) + " K " + std::to_string(K));
      // TV: |p - q| has a kink where p = q; a few cells cross it within ±h.
      EXPECT_LT(worst_relative(grad, f, model(K).theta(), 1e-6), c.kind == DivergenceKind::TotalVariation ? 1e-4 : 1e-6);
    }
}

// Positions are floats: differences use the step the float actually took.
double worst_relative_points(const Points& grad, const std::function<double(const Points&)>& f, const Points& X,
                             float h, int rows) {
  double worst = 0;
  const double scale = std::max<double>(grad.cwiseAbs().maxCoeff(), 1e-12);
  for (int n = 0; n < rows; ++n)
    for (int k = 0; k < 2; ++k) {
      Points a = X, b = X;
      a(n, k) += h;
      b(n, k) -= h;
      const double fd = (f(a) - f(b)) / (static_cast<double>(a(n, k)) - b(n, k));
      worst = std::max(worst, std::abs(fd - grad(n, k)) / scale);
    }
  return worst;
}

TEST(DivergenceGradient, EveryGridDivergenceThroughParticles) {
  const Points X = sample_gaussian(40, Eigen::Vector2d(0.3, 0.0), Eigen::Matrix2d::Identity(), CounterRng(2, 2));
  for (const GridCase& c : kGridCases) {
    DivergenceFitOptions o;
    o.divergence = c.kind;
    o.alpha = c.alpha;
    o.grid = small_grid();
    o.bandwidth = 0.4;
    DivergenceFitFlow flow(target_with_samples(8), o);
    Points grad;
    flow.objective(X, 0, &grad);
    auto f = [&](const Points& P) { return flow.objective(P, 0, nullptr); };
    SCOPED_TRACE(std::string(divergence_name(c.kind)) + " alpha " + std::to_string(c.alpha));
    EXPECT_LT(worst_relative_points(grad, f, X, 2e-3f, 10), c.kind == DivergenceKind::TotalVariation ? 3e-3 : 1e-4);
  }
}

TEST(DivergenceGradient, AlphaOutsideZeroOneIsRefused) {
  // Outside [0, 1] the integrand is decided by the far tails (divergence_kind.hpp).
  for (double alpha : {-0.5, 1.5}) {
    DivergenceFitOptions o;
    o.divergence = DivergenceKind::Alpha;
    o.alpha = alpha;
    o.grid = small_grid();
    EXPECT_THROW(DivergenceFitFlow(target_with_samples(8), o), InputError);
    EXPECT_THROW(DivergenceFitFlow(target_with_samples(8), model(1), o), InputError);
  }
}

TEST(DivergenceGradient, SlicedAndSinkhornThroughReparameterisedSamples) {
  for (DivergenceKind kind : {DivergenceKind::SlicedWasserstein, DivergenceKind::Sinkhorn})
    for (int K : {1, 2}) {
      DivergenceFitOptions o;
      o.divergence = kind;
      o.grid = small_grid();
      o.samples = 48;
      o.sample.projections = 16;
      o.sample.eps = 0.5;
      o.sample.tol = 1e-11;
      o.sample.max_iter = 100000;
      DivergenceFitFlow flow(target_with_samples(64), model(K), o);
      Eigen::VectorXd grad;
      flow.objective(model(K), 7, &grad);
      flow.reset();  // cold solves: the value must not depend on the warm start's rounding
      auto f = [&](const Eigen::VectorXd& theta) {
        flow.reset();
        return flow.objective(Mixture2D(theta), 7, nullptr);
      };
      SCOPED_TRACE(std::string(divergence_name(kind)) + " K " + std::to_string(K));
      // SW has no weight gradient (the engine gives none): skip the logits there. Samples are
      // floats, so the differences carry ~1e-7 relative noise over h = 1e-3.
      std::vector<int> skip;
      if (kind == DivergenceKind::SlicedWasserstein)
        for (int k = 0; k < K; ++k) skip.push_back(6 * k);
      EXPECT_LT(worst_relative(grad, f, model(K).theta(), 1e-3, skip), 2e-3);
      if (kind == DivergenceKind::Sinkhorn && K == 2) {
        EXPECT_NE(grad[0], 0.0) << "the Sinkhorn weight gradient is used";
      }
    }
}

TEST(DivergenceGradient, MongeGapInTheImages) {
  const Points X = sample_gaussian(24, Eigen::Vector2d::Zero(), Eigen::Matrix2d::Identity(), CounterRng(4, 4));
  Points TX = X;
  TX.col(0) *= 1.5f;
  TX.col(1) = 0.6f * X.col(1) + 0.4f * X.col(0);
  SinkhornOptions o;
  o.eps = 0.3;
  o.tol = 1e-12;
  o.max_iter = 200000;
  const MongeGapResult r = monge_gap(X, TX, o, true);
  auto f = [&](const Points& P) { return monge_gap(X, P, o, false).value; };
  EXPECT_LT(worst_relative_points(r.gradient, f, TX, 2e-3f, 8), 1e-3);
}

}  // namespace
}  // namespace monge
