// CPU-GPU parity of the online Sinkhorn mode: the same solve with the GPU runner
// (make_softmin_runner) and with the CPU threads. Both reduce in double (the GPU's float path is
// only taken by loose-tolerance stages), in another order: potentials agree to 1e-7 after a solve
// to tol 1e-9, objectives to 1e-7 relative, the divergence gradient and flow positions to 1e-4 of
// their scale (float positions). Skipped, with the reason, where no CUDA device can run (failed
// with MONGE_REQUIRE_CUDA=1: gpu_fixture.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/backend/backend.hpp"
#include "solvers/common/random.hpp"
#include "solvers/entropic/divergence.hpp"
#include "solvers/entropic/divergence_flow.hpp"
#include "tests/gpu/gpu_fixture.hpp"

using namespace monge;

namespace {

Points cloud(int n, int d, float shift, std::uint64_t stream) {
  const CounterRng rng(21, stream);
  Points P(n, d);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) P(i, k) = 0.5f * rng.normal(static_cast<std::uint64_t>(i) * d + k) + shift * (k == 0);
  return P;
}

SinkhornOptions online(double eps) {
  SinkhornOptions o;
  o.eps = eps;
  o.tol = 1e-9;
  o.max_iter = 20000;
  o.memory = MemoryMode::Online;
  return o;
}

class GpuEntropic : public GpuTest {
 protected:
  void SetUp() override {
    GpuTest::SetUp();
    if (without_device()) return;
    runner_ = make_softmin_runner(Backend::Cuda);
    ASSERT_NE(runner_, nullptr);
  }
  std::shared_ptr<SoftminRunner> runner_;
};

TEST_F(GpuEntropic, SolveMatchesCpuForEveryCostAndDimension) {
  for (int d : {2, 3, 5}) {  // 5: the kernels' generic-d path and two coordinate chunks
    for (GroundCost cost : {GroundCost::SquaredEuclidean, GroundCost::Euclidean, GroundCost::Power}) {
      SCOPED_TRACE("d " + std::to_string(d) + " cost " + std::to_string(static_cast<int>(cost)));
      const Points X = cloud(700, d, 0, 1), Y = cloud(900, d, 0.8f, 2);
      Weights b = Weights::Ones(900);
      b.head(100) *= 2;
      SinkhornOptions o = online(0.05);
      o.cost = cost;
      o.p = 1.5;
      const SinkhornResult cpu = solve_entropic(X, {}, Y, b, o);
      o.runner = runner_;
      const SinkhornResult gpu = solve_entropic(X, {}, Y, b, o);
      EXPECT_TRUE(gpu.converged);
      // Potentials are defined up to f + c, g - c: compare them modulo that shift.
      const double shift = (gpu.f - cpu.f).mean();
      EXPECT_LT(((gpu.f - cpu.f).array() - shift).abs().maxCoeff(), 1e-7);
      EXPECT_LT(((gpu.g - cpu.g).array() + shift).abs().maxCoeff(), 1e-7);
      EXPECT_NEAR(gpu.objective, cpu.objective, 1e-7 * std::abs(cpu.objective));
      EXPECT_NEAR(gpu.cost, cpu.cost, 1e-7 * std::abs(cpu.cost));
    }
  }
}

TEST_F(GpuEntropic, FloatStagesStillReachTheTolerance) {
  // tol 1e-4: the last stage runs the float kernel; the double summary checks it.
  const Points X = cloud(3000, 3, 0, 3), Y = cloud(2500, 3, 1.0f, 4);
  SinkhornOptions o = online(0.01);
  o.tol = 1e-4;
  const SinkhornResult cpu = solve_entropic(X, {}, Y, {}, o);
  o.runner = runner_;
  const SinkhornResult gpu = solve_entropic(X, {}, Y, {}, o);
  EXPECT_LE(gpu.marginal_error, o.tol);
  EXPECT_NEAR(gpu.objective, cpu.objective, 1e-3 * std::abs(cpu.objective));
}

TEST_F(GpuEntropic, DivergenceGradientAndPlanView) {
  const Points X = cloud(1500, 2, 0, 5), Y = cloud(1200, 2, 1.0f, 6);
  SinkhornOptions o = online(0.05);
  const DivergenceResult cpu = sinkhorn_divergence(X, {}, Y, {}, o, true);
  const PlanView vc = plan_view(X, {}, Y, {}, cpu.xy, o, 50);
  o.runner = runner_;
  const DivergenceResult gpu = sinkhorn_divergence(X, {}, Y, {}, o, true);
  const PlanView vg = plan_view(X, {}, Y, {}, gpu.xy, o, 50);
  EXPECT_NEAR(gpu.value, cpu.value, 1e-7 * std::abs(cpu.value) + 1e-10);
  const float gmax = cpu.gradient.cwiseAbs().maxCoeff();
  EXPECT_LT((gpu.gradient - cpu.gradient).cwiseAbs().maxCoeff(), 1e-4f * gmax);
  EXPECT_LT((vg.images - vc.images).cwiseAbs().maxCoeff(), 1e-4f);
  EXPECT_LT((vg.row_mass - vc.row_mass).cwiseAbs().maxCoeff(), 1e-7 / 1500);
}

TEST_F(GpuEntropic, FlowStepsMatch) {
  Measure target{cloud(800, 2, 1.0f, 8), {}};
  DivergenceFlowOptions fo;
  fo.solver = online(0.05);
  SinkhornDivergenceFlow cpu(target, fo), gpu(target, fo);
  gpu.set_softmin_runner(runner_);
  FlowState a;
  a.points = cloud(1000, 2, 0, 7);
  FlowState b = a;
  for (int k = 0; k < 3; ++k) {
    cpu.step(a);
    gpu.step(b);
  }
  EXPECT_LT((a.points - b.points).cwiseAbs().maxCoeff(), 1e-4f);
}

}  // namespace
