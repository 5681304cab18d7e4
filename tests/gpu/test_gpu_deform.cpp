// CPU-GPU parity of the MLP velocity field: CudaMlpField against MlpField with the same theta.
// Same activations bit for bit (activation.hpp), only the float sums run in another order: the
// GEMMs over 4..64 terms (forward, grad_X: 1e-4 of the largest entry) and grad_theta's sums over
// 50k points (5e-4 of the largest entry). A wrong layout, transposition or missing bias would be
// off by O(1). Skipped, with the reason, where no CUDA device can run (failed with
// MONGE_REQUIRE_CUDA=1: gpu_fixture.hpp).
#include <gtest/gtest.h>

#include "solvers/backend/backend.hpp"
#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/deform/adam.hpp"
#include "solvers/deform/rk4.hpp"
#include "tests/gpu/gpu_fixture.hpp"

using namespace monge;
using namespace monge::deform;

namespace {

Points cloud(int n, std::uint64_t seed, float spread) {
  const CounterRng rng(seed, 1);
  Points P(n, 3);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c) P(i, c) = spread * rng.normal(static_cast<std::uint64_t>(i) * 3 + c) + 0.3f * c;
  return P;
}

float max_abs(const Eigen::Ref<const Eigen::MatrixXf>& m) { return m.cwiseAbs().maxCoeff(); }

MlpOptions options(Activation activation, int width) {
  MlpOptions o;
  o.activation = activation;
  o.width = width;
  o.depth = 3;
  o.last_layer_scale = 1.0f;  // a field of size ~1, not ~0.01: differences are not hidden by a small output
  o.center = Eigen::Vector3f(0.1f, -0.2f, 0.3f);
  o.scale = 1.5f;
  return o;
}

class GpuDeform : public GpuTest {};

}  // namespace

TEST_F(GpuDeform, ForwardAndVjpMatchCpuOn50kPoints) {
  const int n = 50000;
  const Points X = cloud(n, 1, 1.0f), dV = cloud(n, 2, 1.0f);
  for (Activation a : {Activation::Tanh, Activation::Softplus, Activation::SiLU})
    for (int width : {64, 37}) {  // 37: tiles with ragged edges
      SCOPED_TRACE(std::string(activation_name(a)) + " width " + std::to_string(width));
      MlpField cpu(options(a, width));
      auto gpu = make_mlp_field(Backend::Cuda, options(a, width));
      ASSERT_EQ(gpu->parameter_count(), cpu.parameter_count());
      const Parameters theta = cpu.initial_parameters(7);
      ASSERT_EQ(gpu->initial_parameters(7), theta);
      Points v_cpu, v_gpu, gx_cpu, gx_gpu;
      cpu.forward(theta, X, 0.4f, v_cpu);
      gpu->forward(theta, X, 0.4f, v_gpu);
      EXPECT_LT(max_abs(v_gpu - v_cpu), 1e-4f * max_abs(v_cpu));
      Parameters g_cpu = Parameters::Ones(cpu.parameter_count()), g_gpu = g_cpu;  // vjp accumulates
      cpu.vjp(theta, X, 0.4f, dV, g_cpu, gx_cpu);
      gpu->vjp(theta, X, 0.4f, dV, g_gpu, gx_gpu);
      EXPECT_LT(max_abs(gx_gpu - gx_cpu), 1e-4f * max_abs(gx_cpu));
      EXPECT_LT(max_abs(g_gpu - g_cpu), 5e-4f * max_abs((g_cpu.array() - 1.0f).matrix()));
      // Deterministic: a second run gives the same bits.
      Points v_again;
      gpu->forward(theta, X, 0.4f, v_again);
      EXPECT_EQ(v_again, v_gpu);
    }
}

TEST_F(GpuDeform, TrainingIterationsMatchCpu) {
  // A few Adam iterations of RK4 (4 steps) pulling a cloud towards a shifted copy of itself, loss
  // = mean squared distance. Adam's first steps move every parameter by about lr whatever the
  // gradient's size, so theta is compared through what it computes: the losses and the final points.
  const int n = 20000;
  const Points X0 = cloud(n, 3, 0.5f);
  Points target = X0;
  target.col(0).array() += 0.2f;
  const MlpOptions o = options(Activation::Tanh, 32);
  MlpField cpu_field(o);
  auto gpu_field = make_mlp_field(Backend::Cuda, o);
  const auto train = [&](VelocityField& field, std::vector<double>& losses) {
    Parameters theta = field.initial_parameters(11);
    AdamOptions ao;
    ao.learning_rate = 3e-3;  // the trainer's default for the MLP
    Adam adam(ao);
    Rk4Integrator rk4;
    for (int it = 0; it < 5; ++it) {
      Points X = X0;
      rk4.integrate(field, theta, X, 0.0f, 1.0f, 4, true);
      const Points diff = X - target;
      losses.push_back(diff.squaredNorm() / n);
      Parameters grad = Parameters::Zero(field.parameter_count());
      rk4.backward(field, theta, Points(2.0f / n * diff), grad);
      adam.step(theta, grad);
    }
    Points X = X0;
    rk4.integrate(field, theta, X, 0.0f, 1.0f, 4);
    return X;
  };
  std::vector<double> loss_cpu, loss_gpu;
  const Points x_cpu = train(cpu_field, loss_cpu), x_gpu = train(*gpu_field, loss_gpu);
  ASSERT_EQ(loss_cpu.size(), loss_gpu.size());
  for (std::size_t k = 0; k < loss_cpu.size(); ++k) EXPECT_NEAR(loss_gpu[k], loss_cpu[k], 1e-3 * loss_cpu[k]) << k;
  EXPECT_LT(loss_cpu.back(), loss_cpu.front());  // it trains
  // Parameters whose gradient is near zero may take Adam steps of either sign on the two
  // backends: 1% of the displacement, not float accuracy.
  EXPECT_LT(max_abs(x_gpu - x_cpu), 1e-2f * max_abs(x_cpu - X0));
}

TEST_F(GpuDeform, RejectsWrongShapes) {
  auto gpu = make_mlp_field(Backend::Cuda, options(Activation::Tanh, 8));
  const Points X = cloud(10, 1, 1.0f);
  Points V;
  EXPECT_THROW(gpu->forward(Parameters::Zero(3), X, 0.0f, V), InputError);
  Parameters g = Parameters::Zero(gpu->parameter_count() + 1);
  Points gx;
  EXPECT_THROW(gpu->vjp(gpu->initial_parameters(1), X, 0.0f, X, g, gx), InputError);
}
