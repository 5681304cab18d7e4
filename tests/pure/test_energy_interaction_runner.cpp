// The InteractionRunner hook of the particle free-energy flows, on the CPU. First the MONGE_HD
// per-pair math the CUDA N-body kernel runs (interaction_kernel.hpp, blob.hpp) against closed
// forms and finite differences. Then a runner written here with plain array-of-structures loops
// (an independent path from interaction_exact's and blob_velocity's tiled SoA loops) must give
// what the flow's own threads give, step by step, with a temperature so the Langevin noise (the
// same CounterRng draws on either path) is exercised too.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/energy/particle_flow.hpp"

namespace monge {
namespace {

Points cloud(int n, int d, std::uint64_t seed) {
  const CounterRng rng(seed, 7);
  Points X(n, d);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) X(i, k) = 0.6f * rng.normal(static_cast<std::uint64_t>(i) * d + k);
  return X;
}

TEST(InteractionKernelMath, ValuesMatchClosedForms) {
  InteractionKernel k;  // power law a = 2, b = 0: r^2/2 - log r
  const double r = 1.7;
  EXPECT_NEAR(k.value_r2(r * r), r * r / 2 - std::log(r), 1e-14);
  k.kind = KernelKind::Morse;
  EXPECT_NEAR(k.value_r2(r * r), -k.ca * std::exp(-r / k.la) + k.cr * std::exp(-r / k.lr), 1e-14);
  k.kind = KernelKind::Newtonian;
  k.dim = 3;
  EXPECT_NEAR(k.value_r2(r * r), -1.0 / (4 * M_PI * r), 1e-14);
}

TEST(InteractionKernelMath, GradientFactorIsTheDerivativeOfTheValue) {
  // grad W(z) = g(|z|) z means dW/d(r^2) = g/2: central differences in r^2.
  std::vector<InteractionKernel> kernels(5);
  kernels[1].a = 3.5;
  kernels[1].b = -0.5;
  kernels[2].kind = KernelKind::Morse;
  kernels[3].kind = KernelKind::Newtonian;
  kernels[4].kind = KernelKind::Newtonian;
  kernels[4].dim = 3;
  for (const InteractionKernel& k : kernels)
    for (double r2 : {0.04, 0.9, 2.5}) {
      const double h = 1e-6 * r2;
      const double fd = (k.value_r2(r2 + h) - k.value_r2(r2 - h)) / (2 * h);
      EXPECT_NEAR(k.gradient_factor_r2(r2) / 2, fd, 1e-6 * (std::abs(fd) + 1)) << "kind " << int(k.kind) << " r2 " << r2;
    }
}

TEST(BlobMath, GaussianCutoffAndInternalEnergy) {
  const double eps = 0.2, inv2e2 = 1 / (2 * eps * eps), cut2 = std::pow(kBlobCutoff * eps, 2);
  EXPECT_DOUBLE_EQ(blob_gaussian(0.01, inv2e2, cut2), std::exp(-0.01 / (2 * eps * eps)));
  EXPECT_EQ(blob_gaussian(cut2, inv2e2, cut2), 0.0);
  EXPECT_DOUBLE_EQ(blob_internal(2.0, 1.0), std::log(2.0));
  EXPECT_DOUBLE_EQ(blob_internal(2.0, 3.0), 4.0 / 2);
}

// The independent runner: direct loops over rows of X, std::exp, no cutoff tricks beyond the
// documented one.
class DirectRunner final : public InteractionRunner {
 public:
  int calls = 0, blob_calls = 0;
  double interaction(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& k, std::vector<double>& grad,
                     bool want_energy) override {
    ++calls;
    const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
    grad.assign(static_cast<std::size_t>(n) * d, 0.0);
    double energy = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        if (i == j) continue;
        const Eigen::VectorXd z = (X.row(i).cast<double>() - X.row(j).cast<double>()).transpose();
        for (int c = 0; c < d; ++c) grad[i * d + c] += w[j] * k.gradient_factor_r2(z.squaredNorm()) * z[c];
        energy += 0.5 * w[i] * w[j] * k.value_r2(z.squaredNorm());
      }
    return want_energy ? energy : 0.0;
  }
  double blob(const Points& X, const Eigen::VectorXd& w, const BlobOptions& o, std::vector<double>& v) override {
    ++blob_calls;
    const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
    const double e2 = o.eps * o.eps, norm = std::pow(2 * M_PI * e2, -0.5 * d);
    auto phi = [&](int i, int j) {
      const double r2 = (X.row(i).cast<double>() - X.row(j).cast<double>()).squaredNorm();
      return r2 < kBlobCutoff * kBlobCutoff * e2 ? norm * std::exp(-r2 / (2 * e2)) : 0.0;
    };
    std::vector<double> rho(n, 0.0);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) rho[i] += w[j] * phi(i, j);
    v.assign(static_cast<std::size_t>(n) * d, 0.0);
    double energy = 0;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        const double f = w[j] * phi(i, j) / e2 * (std::pow(rho[i], o.m - 2) + std::pow(rho[j], o.m - 2));
        for (int c = 0; c < d; ++c) v[i * d + c] += f * (double(X(i, c)) - X(j, c));
      }
      energy += w[i] * (o.m == 1 ? std::log(rho[i]) : std::pow(rho[i], o.m - 1) / (o.m - 1));
    }
    return energy;
  }
  const char* name() const override { return "direct CPU (test)"; }
};

void expect_same_flow(ParticleFlowOptions o, int n, int d, int steps) {
  ParticleEnergyFlow cpu(o, 9), hook(o, 9);
  auto runner = std::make_shared<DirectRunner>();
  hook.set_interaction_runner(runner);
  FlowState a;
  a.points = cloud(n, d, 3);
  FlowState b = a;
  for (int k = 0; k < steps; ++k) {
    cpu.step(a);
    hook.step(b);
    ++a.step;
    ++b.step;
    const auto& dc = cpu.diagnostics();
    const auto& dh = hook.diagnostics();
    ASSERT_EQ(dc.size(), dh.size());
    for (std::size_t q = 0; q < dc.size(); ++q) {
      EXPECT_EQ(dc[q].first, dh[q].first);
      EXPECT_NEAR(dh[q].second, dc[q].second, 1e-9 * (std::abs(dc[q].second) + 1)) << dc[q].first << " step " << k;
    }
  }
  EXPECT_EQ(runner->calls, o.interaction ? steps : 0);
  EXPECT_EQ(runner->blob_calls, o.blob ? steps : 0);
  EXPECT_LT((a.points - b.points).cwiseAbs().maxCoeff(), 1e-5f);
}

TEST(InteractionRunnerHook, AggregationWithNoiseMatches) {
  ParticleFlowOptions o;
  o.kind = "aggregation";
  o.interaction = InteractionOptions{};
  o.interaction->kernel.kind = KernelKind::Morse;
  o.temperature = 0.01;
  o.dt = 0.02;
  expect_same_flow(o, 150, 2, 3);
  o.interaction->kernel = InteractionKernel{};  // power law in 3D
  o.interaction->kernel.dim = 3;
  expect_same_flow(o, 120, 3, 3);
}

TEST(InteractionRunnerHook, BlobPorousMediumAndDiffusionMatch) {
  ParticleFlowOptions o;
  o.kind = "porous-medium";
  o.blob = BlobOptions{2.0, 0.15};
  o.dt = 0.001;
  expect_same_flow(o, 150, 2, 3);
  o.blob->m = 1;  // the entropy (diffusion)
  expect_same_flow(o, 100, 3, 2);
}

TEST(InteractionRunnerHook, AutoUsesTheExactSumsOnARunner) {
  InteractionOptions io;
  io.exact_max = 50;  // the CPU would switch to the mesh above 50 particles
  InteractionSum sum(io);
  const Points X = cloud(80, 2, 4);
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(80, 1.0 / 80);
  std::vector<double> g;
  sum.compute(X, w, g, true);
  EXPECT_EQ(sum.last_method(), InteractionMethod::Mesh);
  auto runner = std::make_shared<DirectRunner>();
  sum.set_runner(runner);
  std::vector<double> g_runner, g_exact;
  const double e_runner = sum.compute(X, w, g_runner, true);
  EXPECT_EQ(sum.last_method(), InteractionMethod::Exact);
  EXPECT_EQ(runner->calls, 1);
  const double e_exact = interaction_exact(X, w, io.kernel, g_exact, true);
  EXPECT_NEAR(e_runner, e_exact, 1e-12 * std::abs(e_exact));
  for (std::size_t k = 0; k < g_exact.size(); ++k) EXPECT_NEAR(g_runner[k], g_exact[k], 1e-10 * (std::abs(g_exact[k]) + 1));
}

TEST(InteractionRunnerHook, SetKernelKeepsTheRunner) {
  ParticleFlowOptions o;
  o.interaction = InteractionOptions{};
  ParticleEnergyFlow flow(o, 1);
  auto runner = std::make_shared<DirectRunner>();
  flow.set_interaction_runner(runner);
  InteractionKernel k;
  k.kind = KernelKind::Morse;
  flow.set_kernel(k);
  FlowState s;
  s.points = cloud(30, 2, 5);
  flow.step(s);
  EXPECT_EQ(runner->calls, 1);
}

}  // namespace
}  // namespace monge
