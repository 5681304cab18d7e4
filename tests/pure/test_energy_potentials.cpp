// Potentials and interaction kernels: analytic gradients against central finite differences,
// and the mixture potential against its definition (-log of the mixture density).
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/energy/interaction_kernel.hpp"
#include "solvers/energy/potential.hpp"

namespace monge {
namespace {

void expect_gradient_matches(const Potential& V, std::vector<float> x) {
  double g[3];
  V.value_and_gradient(x.data(), static_cast<int>(x.size()), g);
  for (std::size_t k = 0; k < x.size(); ++k) {
    const float h = 1e-2f;
    std::vector<float> xp = x, xm = x;
    xp[k] += h;
    xm[k] -= h;
    const double fd = (V.value(xp.data(), static_cast<int>(x.size())) - V.value(xm.data(), static_cast<int>(x.size()))) / (2 * h);
    EXPECT_NEAR(g[k], fd, 2e-3 * (1 + std::abs(fd))) << "coordinate " << k;
  }
}

TEST(EnergyPotentials, GradientsMatchFiniteDifferences) {
  expect_gradient_matches(Potential::quadratic(Eigen::Vector2d(0.5, -1), Eigen::Matrix2d{{2, 0.5}, {0.5, 1}}), {1.5f, 0.25f});
  expect_gradient_matches(Potential::double_well(1.5, 2), {0.7f, -0.4f});
  expect_gradient_matches(Potential::double_well(0.5, 3), {-1.2f, 0.3f, 0.9f});
  MixtureComponent a{1.0, Eigen::Vector2d(-1, 0), Eigen::Matrix2d{{0.2, 0.05}, {0.05, 0.3}}};
  MixtureComponent b{2.0, Eigen::Vector2d(1, 0.5), Eigen::Matrix2d{{0.5, 0}, {0, 0.1}}};
  const Potential mix = Potential::gaussian_mixture({a, b});
  expect_gradient_matches(mix, {0.1f, 0.2f});
  expect_gradient_matches(mix, {-0.9f, 0.1f});
}

TEST(EnergyPotentials, MixtureIsMinusLogDensity) {
  MixtureComponent a{1.0, Eigen::Vector2d(-1, 0), Eigen::Matrix2d::Identity() * 0.5};
  MixtureComponent b{3.0, Eigen::Vector2d(2, 1), Eigen::Matrix2d::Identity() * 2.0};
  const Potential mix = Potential::gaussian_mixture({a, b});
  const float x[2] = {0.5f, -0.25f};
  auto normal = [](double dx, double dy, double var) {
    return std::exp(-(dx * dx + dy * dy) / (2 * var)) / (2 * M_PI * var);
  };
  const double density = 0.25 * normal(0.5 + 1, -0.25, 0.5) + 0.75 * normal(0.5 - 2, -0.25 - 1, 2.0);
  EXPECT_NEAR(mix.value(x, 2), -std::log(density), 1e-6);
}

void expect_kernel_gradient(const InteractionKernel& k, double r) {
  const double h = 1e-5 * r;
  const double dw = (k.value_r2((r + h) * (r + h)) - k.value_r2((r - h) * (r - h))) / (2 * h);
  // d/dr W(r) = g(r) r.
  EXPECT_NEAR(k.gradient_factor_r2(r * r) * r, dw, 1e-5 * (1 + std::abs(dw))) << "r = " << r;
}

TEST(EnergyPotentials, KernelGradientFactorsMatchTheirValues) {
  InteractionKernel power;  // |x|^2/2 - log|x|
  InteractionKernel power2;
  power2.a = 4;
  power2.b = 2;
  InteractionKernel morse;
  morse.kind = KernelKind::Morse;
  InteractionKernel newton2, newton3;
  newton2.kind = newton3.kind = KernelKind::Newtonian;
  newton3.dim = 3;
  for (double r : {0.1, 0.7, 1.0, 2.5})
    for (const auto& k : {power, power2, morse, newton2, newton3}) expect_kernel_gradient(k, r);
  // The aggregation kernel's force vanishes at r = 1 (the radius of the steady disk's scale).
  EXPECT_NEAR(power.gradient_factor_r2(1.0), 0.0, 1e-12);
  EXPECT_NEAR(power.value_r2(std::exp(2.0)), std::exp(2.0) / 2 - 1.0, 1e-9);
}

}  // namespace
}  // namespace monge
