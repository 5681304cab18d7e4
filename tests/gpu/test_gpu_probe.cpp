// The first stage of scripts/gpu-check: which device answers, and one real kernel of the CUDA
// library run end to end (projections, CUB sort, matching, gradient) against the CPU engine on a
// small problem. A driver or runtime mismatch, or a binary without code for this GPU, fails here
// in seconds instead of as a skip or a wrong number later.
#include <gtest/gtest.h>

#include <cstdio>

#include "solvers/common/random.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"
#include "tests/gpu/gpu_fixture.hpp"

namespace monge {
namespace {

class GpuProbe : public GpuTest {};

Points cloud(int n, std::uint64_t stream, float shift) {
  const CounterRng rng(3, stream);
  Points P(n, 2);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 2; ++c) P(i, c) = rng.normal(static_cast<std::uint64_t>(i) * 2 + c) + shift;
  return P;
}

TEST_F(GpuProbe, DeviceAnswersAndRunsAKernel) {
  std::printf("gpu-check: device %s\n", cuda_status().device.c_str());
  const Points X = cloud(1000, 1, 0.0f), Y = cloud(1000, 2, 0.5f);
  SlicedOptions o;
  o.projections = 8;
  SlicedWasserstein cpu, gpu;
  gpu.set_runner(make_projection_runner(Backend::Cuda));
  ASSERT_NE(gpu.runner(), nullptr);
  Points g_cpu, g_gpu;
  const double a = cpu.evaluate(X, {}, Y, {}, o, &g_cpu).value;
  const double b = gpu.evaluate(X, {}, Y, {}, o, &g_gpu).value;
  EXPECT_NEAR(b, a, 1e-5 * a);
  EXPECT_LT((g_gpu - g_cpu).cwiseAbs().maxCoeff(), 1e-4f * g_cpu.cwiseAbs().maxCoeff());
}

}  // namespace
}  // namespace monge
