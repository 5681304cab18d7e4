// CPU-GPU parity of the particle free-energy flows' exact sums: the interaction sum and the blob
// method through the GPU runner (make_interaction_runner) against the CPU threads. Both sum in
// double in another order: energies agree to 1e-9 relative, drifts to 1e-9 of their scale, and
// positions after a few Euler-Maruyama steps (the same CounterRng noise) to 1e-5 (float
// positions). Skipped, with the reason, where no CUDA device can run (failed with
// MONGE_REQUIRE_CUDA=1: gpu_fixture.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/backend/backend.hpp"
#include "solvers/common/random.hpp"
#include "solvers/energy/particle_flow.hpp"
#include "tests/gpu/gpu_fixture.hpp"

using namespace monge;

namespace {

Points cloud(int n, int d, std::uint64_t seed) {
  const CounterRng rng(seed, 3);
  Points X(n, d);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) X(i, k) = 0.6f * rng.normal(static_cast<std::uint64_t>(i) * d + k);
  return X;
}

class GpuEnergy : public GpuTest {
 protected:
  void SetUp() override {
    GpuTest::SetUp();
    if (without_device()) return;
    runner_ = make_interaction_runner(Backend::Cuda);
    ASSERT_NE(runner_, nullptr);
  }
  void expect_same_flow(const ParticleFlowOptions& o, int n, int d, int steps) {
    ParticleEnergyFlow cpu(o, 5), gpu(o, 5);
    gpu.set_interaction_runner(runner_);
    FlowState a;
    a.points = cloud(n, d, 2);
    FlowState b = a;
    std::vector<double> drift_cpu, drift_gpu;
    const double e_cpu = cpu.energy(a.points, &drift_cpu), e_gpu = gpu.energy(b.points, &drift_gpu);
    EXPECT_NEAR(e_gpu, e_cpu, 1e-9 * (std::abs(e_cpu) + 1));
    double scale = 0, diff = 0;
    for (std::size_t k = 0; k < drift_cpu.size(); ++k) {
      scale = std::max(scale, std::abs(drift_cpu[k]));
      diff = std::max(diff, std::abs(drift_gpu[k] - drift_cpu[k]));
    }
    EXPECT_LT(diff, 1e-9 * scale);
    for (int k = 0; k < steps; ++k) {
      cpu.step(a);
      gpu.step(b);
      ++a.step;
      ++b.step;
    }
    EXPECT_LT((a.points - b.points).cwiseAbs().maxCoeff(), 1e-5f);
  }
  std::shared_ptr<InteractionRunner> runner_;
};

TEST_F(GpuEnergy, InteractionKernels2DAnd3D) {
  ParticleFlowOptions o;
  o.interaction = InteractionOptions{};
  o.interaction->method = InteractionMethod::Exact;
  o.temperature = 0.01;
  o.dt = 0.01;
  for (KernelKind kind : {KernelKind::PowerLaw, KernelKind::Morse, KernelKind::Newtonian})
    for (int d : {2, 3}) {
      SCOPED_TRACE("kind " + std::to_string(static_cast<int>(kind)) + " d " + std::to_string(d));
      o.interaction->kernel = InteractionKernel{};
      o.interaction->kernel.kind = kind;
      o.interaction->kernel.dim = d;
      expect_same_flow(o, 2000, d, 3);
    }
}

TEST_F(GpuEnergy, BlobMethod) {
  ParticleFlowOptions o;
  o.blob = BlobOptions{2.0, 0.1};
  o.dt = 0.001;
  expect_same_flow(o, 3000, 2, 3);
  o.blob->m = 1;
  expect_same_flow(o, 2000, 3, 3);
}

}  // namespace
