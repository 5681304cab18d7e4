// The porous medium equation d rho/dt = Laplacian(rho^2) in 2D, started from the Barenblatt
// profile at t0 = 0.1 and compared in L1 with the profile at t1, for the blob method (particles)
// and the entropic JKO grid. Each test also checks that the exact profile moved by more than the
// tolerance (so a flow that does nothing fails), that the energy decreases, and that grid mass
// is conserved.
#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.hpp"
#include "solvers/energy/barenblatt.hpp"
#include "solvers/energy/blob.hpp"
#include "solvers/energy/gibbs_kernel.hpp"
#include "solvers/energy/jko_grid.hpp"
#include "solvers/energy/particle_flow.hpp"

namespace monge {
namespace {

constexpr double kT0 = 0.1;

// L1 distance between f and the profile at time t over [-2, 2]^2 on a 100 x 100 midpoint grid.
template <class F>
double l1_to_profile(const Barenblatt& B, double t, F&& f) {
  const int n = 100;
  const double h = 4.0 / n;
  double sum = 0;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double x[2] = {-2 + (i + 0.5) * h, -2 + (j + 0.5) * h};
      sum += std::abs(f(x[0], x[1]) - B.density(t, x));
    }
  return sum * h * h;
}

TEST(EnergyPorousMedium, BarenblattMassIsOne) {
  for (double m : {1.5, 2.0, 3.0})
    for (int d : {1, 2, 3}) {
      const Barenblatt B(m, d);
      // Radial integral of the profile at t = 0.7.
      const double R = B.support_radius(0.7);
      const int n = 20000;
      double mass = 0;
      const double surface = d == 1 ? 2 : d == 2 ? 2 * M_PI : 4 * M_PI;
      for (int k = 0; k < n; ++k) {
        const double r = (k + 0.5) * R / n;
        const double x[3] = {r, 0, 0};
        mass += B.density(0.7, x) * surface * std::pow(r, d - 1) * R / n;
      }
      EXPECT_NEAR(mass, 1.0, 1e-4) << "m = " << m << ", d = " << d;
    }
}

TEST(EnergyPorousMedium, BlobMethodFollowsBarenblatt) {
  const Barenblatt B(2.0, 2);
  // Particles on a square lattice over the support, weighted by the profile (CCP's initialisation).
  const double hp = 0.05;
  std::vector<Eigen::Vector2f> pts;
  std::vector<double> ws;
  for (double y = -1.1; y <= 1.1; y += hp)
    for (double x = -1.1; x <= 1.1; x += hp) {
      const double p[2] = {x, y};
      const double rho = B.density(kT0, p);
      if (rho > 0) {
        pts.emplace_back(static_cast<float>(x), static_cast<float>(y));
        ws.push_back(rho * hp * hp);
      }
    }
  const int n = static_cast<int>(pts.size());
  FlowState s;
  s.points.resize(n, 2);
  Weights w(n);
  for (int i = 0; i < n; ++i) {
    s.points.row(i) = pts[i].transpose();
    w[i] = static_cast<float>(ws[i]);
  }
  ParticleFlowOptions o;
  o.kind = "porous-medium";
  o.blob = BlobOptions{2.0, 1.0 * hp};
  o.dt = 0.001;
  ParticleEnergyFlow flow(o, 1, w);
  const double t1 = 0.25;
  const int steps = static_cast<int>(std::lround((t1 - kT0) / o.dt));
  double previous = flow.energy(s.points);
  bool decreasing = true;
  for (int k = 0; k < steps; ++k) {
    flow.step(s);
    ++s.step;
    const double e = flow.energy(s.points);
    decreasing = decreasing && e <= previous + 1e-12;
    previous = e;
  }
  EXPECT_TRUE(decreasing);
  const Eigen::VectorXd wd = w.cast<double>() / w.cast<double>().sum();
  Points grid(100 * 100, 2);
  for (int j = 0; j < 100; ++j)
    for (int i = 0; i < 100; ++i) grid.row(j * 100 + i) << -2 + (i + 0.5f) * 0.04f, -2 + (j + 0.5f) * 0.04f;
  const Eigen::VectorXd rho = blob_density(s.points, wd, o.blob->eps, grid);
  const double l1 = l1_to_profile(B, t1, [&](double x, double y) {
    const int i = static_cast<int>((x + 2) / 0.04), j = static_cast<int>((y + 2) / 0.04);
    return rho[j * 100 + i];
  });
  const double moved = l1_to_profile(B, t1, [&](double x, double y) { const double p[2] = {x, y}; return B.density(kT0, p); });
  std::printf("[ blob ] N = %d, L1 to Barenblatt(t1) = %.4f (profile moved by %.4f)\n", n, l1, moved);
  EXPECT_LT(l1, 0.03);  // 0.006 measured
  EXPECT_GT(moved, 10 * 0.03);
}

TEST(EnergyPorousMedium, EntropicJkoGridFollowsBarenblattAndConservesMass) {
  const Barenblatt B(2.0, 2);
  const int n = 96;
  DensityGrid g0 = make_grid(n, n, -2, -2, 2, 2, [&](double x, double y) { const double p[2] = {x, y}; return B.density(kT0, p); });
  JkoGridOptions o;
  o.internal = GridInternal::PorousMedium;
  o.m = 2;
  o.coefficient = 1;
  o.dt = 0.005;
  o.gamma = 0.5 * (4.0 / n) * (4.0 / n);  // half a cell squared: numerical diffusion gamma/(4 tau) = 0.04
  JkoGridFlow flow(o, g0);
  FlowState s;
  flow.initialize(s);
  const double h2 = (4.0 / n) * (4.0 / n);
  double mass0 = 0;
  for (float v : s.grid.values) mass0 += v * h2;
  const double t1 = 0.25;
  const int steps = static_cast<int>(std::lround((t1 - kT0) / o.dt));
  double previous = flow.energy(s.grid);
  bool decreasing = true;
  for (int k = 0; k < steps; ++k) {
    flow.step(s);
    ++s.step;
    const double e = flow.energy(s.grid);
    decreasing = decreasing && e <= previous + 1e-9;
    previous = e;
  }
  double mass1 = 0;
  for (float v : s.grid.values) mass1 += v * h2;
  EXPECT_NEAR(mass1, mass0, 1e-5 * mass0) << "entropic JKO must conserve mass";
  EXPECT_TRUE(decreasing);
  const double hc = 4.0 / n;
  const double l1 = l1_to_profile(B, t1, [&](double x, double y) {
    const int i = std::min(n - 1, static_cast<int>((x + 2) / hc)), j = std::min(n - 1, static_cast<int>((y + 2) / hc));
    return s.grid.values[j * n + i];
  });
  std::printf("[ jko grid ] %dx%d, L1 to Barenblatt(t1) = %.4f\n", n, n, l1);
  EXPECT_LT(l1, 0.05);  // 0.027 measured; the profile itself moves by 0.45
}

TEST(EnergyPorousMedium, GridCapAndObstacleAreRespected) {
  // Crowd motion: a linear potential pushes mass to the left, a cap limits the density,
  // and an obstacle column stays empty.
  const int n = 48;
  DensityGrid g0 = make_grid(n, n, -1, -1, 1, 1, [](double x, double y) { return (std::abs(x - 0.5) < 0.3 && std::abs(y) < 0.3) ? 2.5 : 0.0; });
  g0.obstacle.assign(g0.values.size(), 0);
  for (int j = 0; j < n; ++j)
    if (j < n / 3 || j > 2 * n / 3) g0.obstacle[j * n + n / 2] = 1;  // a wall with a gap
  JkoGridOptions o;
  o.internal = GridInternal::None;
  o.cap = 3.0;
  o.dt = 0.02;
  JkoGridFlow flow(o, g0);
  // Set live, as the GUI does: the potential is tabulated again on the grid.
  flow.set_potential(Potential::quadratic(Eigen::Vector2d(-3, 0), Eigen::Matrix2d::Identity()));
  EXPECT_THROW(flow.set_cap(0.1), InputError);  // 0.1 x area 4 cannot hold unit mass
  FlowState s;
  flow.initialize(s);
  for (int k = 0; k < 20; ++k) {
    flow.step(s);
    ++s.step;
  }
  double mass = 0, left = 0, vmax = 0;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double v = s.grid.values[j * n + i];
      mass += v;
      if (i < n / 2) left += v;
      vmax = std::max(vmax, v);
      if (g0.obstacle[j * n + i]) {
        EXPECT_EQ(v, 0.0f);
      }
    }
  EXPECT_GT(left / mass, 0.2) << "mass should pass the gap towards the potential's minimum";
  EXPECT_LT(vmax, 3.0 * 1.05) << "density cap (up to the final mass-restoring scaling)";
}

TEST(EnergyPorousMedium, GibbsKernelBlurEqualsTheDenseKernel) {
  // Separable blur against the dense matrix exp(-|x_a - x_b|^2 / gamma) on a small grid with
  // unequal cell sides, so a wrong axis or a wrapped edge shows.
  const int nx = 13, ny = 9;
  const double hx = 0.1, hy = 0.15, gamma = 0.05;
  const GibbsKernel K(nx, ny, hx, hy, gamma);
  std::vector<double> v(nx * ny), out;
  for (int k = 0; k < nx * ny; ++k) v[k] = std::sin(0.7 * k) + 1.5;
  K.apply(v, out);
  double worst = 0;
  for (int a = 0; a < nx * ny; ++a) {
    double dense = 0;
    for (int b = 0; b < nx * ny; ++b) {
      const double dx = (a % nx - b % nx) * hx, dy = (a / nx - b / nx) * hy;
      dense += std::exp(-(dx * dx + dy * dy) / gamma) * v[b];
    }
    worst = std::max(worst, std::abs(out[a] - dense) / dense);
  }
  EXPECT_LT(worst, 1e-12);
}

TEST(EnergyPorousMedium, BadGridOptionsNameTheField) {
  DensityGrid g0 = make_grid(8, 8, 0, 0, 1, 1, [](double, double) { return 1.0; });
  JkoGridOptions o;
  o.internal = GridInternal::PorousMedium;
  o.m = 0.5;
  try {
    JkoGridFlow f(o, g0);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("flow.m"), std::string::npos);
  }
  o.m = 2;
  o.dt = 0;
  EXPECT_THROW({ JkoGridFlow f(o, g0); }, InputError);
}

}  // namespace
}  // namespace monge
