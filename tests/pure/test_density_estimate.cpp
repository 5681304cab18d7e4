// The particles' density field (app/scene/density_estimate.hpp): it integrates to one and, for
// Gaussian samples, matches the closed form of a Gaussian smoothed by the kernel,
// N(m, S + h^2 I), within sampling and binning error.
#include <gtest/gtest.h>

#include <cmath>

#include "app/scene/density_estimate.hpp"
#include "solvers/common/random.hpp"

using namespace monge;

namespace {
Points gaussian_points(int n, double sx, double sy, std::uint64_t seed) {
  Points p(n, 2);
  const CounterRng rng(seed, 1);
  for (int i = 0; i < n; ++i) {
    p(i, 0) = static_cast<float>(1.0 + sx * rng.normal(2 * i));
    p(i, 1) = static_cast<float>(-0.5 + sy * rng.normal(2 * i + 1));
  }
  return p;
}
}  // namespace

TEST(DensityEstimate, IntegratesToOneAndMatchesTheSmoothedGaussian) {
  const double sx = 0.5, sy = 0.25, h = 0.1;
  const Points p = gaussian_points(200000, sx, sy, 5);
  KdeOptions options;
  options.bandwidth = h;
  options.cells = 160;
  DensityGrid g;
  kde_grid(p, options, g);
  ASSERT_GT(g.nx, 8);
  ASSERT_GT(g.ny, 8);
  const double hx = (g.x1 - g.x0) / g.nx, hy = (g.y1 - g.y0) / g.ny;
  EXPECT_NEAR(hx, hy, 1e-6);
  double mass = 0.0, worst = 0.0;
  const double vx = sx * sx + h * h, vy = sy * sy + h * h;
  const double peak = 1.0 / (2 * M_PI * std::sqrt(vx * vy));
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      const double v = g.values[static_cast<std::size_t>(j) * g.nx + i];
      mass += v * hx * hy;
      const double x = g.x0 + (i + 0.5) * hx - 1.0, y = g.y0 + (j + 0.5) * hy + 0.5;
      const double exact = peak * std::exp(-0.5 * (x * x / vx + y * y / vy));
      worst = std::max(worst, std::abs(v - exact));
    }
  EXPECT_NEAR(mass, 1.0, 2e-3);
  // Sampling error of a KDE at the peak ~ sqrt(peak / (n h^2 4 pi)) ~ 0.01; binning error O(cell^2).
  EXPECT_LT(worst, 0.05 * peak);
}

TEST(DensityEstimate, ScottBandwidthAndEmptyInput) {
  const Points p = gaussian_points(64, 1.0, 1.0, 9);
  const double h = scott_bandwidth(p);
  EXPECT_NEAR(h, std::pow(64.0, -1.0 / 6.0), 0.3 * std::pow(64.0, -1.0 / 6.0));  // sd ~ 1
  DensityGrid g;
  kde_grid(Points(0, 2), KdeOptions(), g);
  EXPECT_TRUE(g.empty());
}
