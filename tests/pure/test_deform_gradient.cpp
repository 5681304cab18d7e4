// Gradients of the ODE mesh deformation against central finite differences: the vector-Jacobian
// products of the MLP and kernel velocity fields, and the exact discrete adjoint of RK4 through
// them (dL/dtheta and dL/dX0). The loss is linear in the outputs, L = sum W .* out, summed in
// double; finite differences run on the float code, so tolerances are relative and sized from the
// measured error, and a meta-test checks that a gradient with one flipped sign fails them.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "solvers/common/random.hpp"
#include "solvers/deform/kernel_field.hpp"
#include "solvers/deform/mlp_field.hpp"
#include "solvers/deform/rk4.hpp"

using namespace monge;
using namespace monge::deform;

namespace {

Points random_points(int n, std::uint64_t stream, float spread = 1.0f) {
  const CounterRng rng(7, stream);
  Points X(n, 3);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < 3; ++j) X(i, j) = spread * rng.normal(std::uint64_t(3 * i + j));
  return X;
}

double dot(const Points& W, const Points& V) {
  double s = 0;
  for (Eigen::Index i = 0; i < W.size(); ++i) s += double(W.data()[i]) * V.data()[i];
  return s;
}

// Compares an analytic gradient with central differences of `loss` on the listed components of
// `x` (perturbed by +-h). A component passes if |fd - an| <= rtol |an| + atol max|fd|.
// Returns the number of failing components (and prints them).
int check_components(const std::function<double(const Eigen::VectorXf&)>& loss, Eigen::VectorXf x,
                     const Eigen::VectorXf& analytic, const std::vector<int>& components, float h, double rtol,
                     double atol) {
  std::vector<double> fd(components.size());
  double scale = 0;
  for (std::size_t c = 0; c < components.size(); ++c) {
    const int k = components[c];
    const float x0 = x[k];
    x[k] = x0 + h;
    const double lp = loss(x);
    x[k] = x0 - h;
    const double lm = loss(x);
    x[k] = x0;
    // The perturbation actually applied in float.
    fd[c] = (lp - lm) / (double(x0 + h) - double(x0 - h));
    scale = std::max(scale, std::abs(fd[c]));
  }
  int failures = 0;
  for (std::size_t c = 0; c < components.size(); ++c) {
    const double an = analytic[components[c]];
    if (std::abs(fd[c] - an) > rtol * std::abs(an) + atol * scale) {
      if (failures < 5)
        std::printf("  component %d: finite difference %.6g, analytic %.6g\n", components[c], fd[c], an);
      ++failures;
    }
  }
  return failures;
}

// Error of the directional derivative along a random unit direction d, an = <g, d> against
// fd = (L(x + h d) - L(x - h d)) / 2h, relative to |g| (an itself may be near zero by chance).
double directional_error(const std::function<double(const Eigen::VectorXf&)>& loss, const Eigen::VectorXf& x,
                         const Eigen::VectorXf& analytic, float h, std::uint64_t stream) {
  const CounterRng rng(11, stream);
  Eigen::VectorXf d(x.size());
  for (Eigen::Index k = 0; k < x.size(); ++k) d[k] = rng.normal(std::uint64_t(k));
  d /= d.norm();
  const Eigen::VectorXf xp = x + h * d, xm = x - h * d;
  const double fd = (loss(xp) - loss(xm)) / (2.0 * h);
  const double an = analytic.dot(d);
  return std::abs(fd - an) / std::max(double(analytic.norm()), 1e-12);
}

std::vector<int> spread_components(int count, int total) {
  std::vector<int> out;
  for (int c = 0; c < count; ++c) out.push_back(static_cast<int>((long long)c * total / count + (c * 7) % 5) % total);
  return out;
}

Eigen::VectorXf flatten(const Points& P) { return Eigen::Map<const Eigen::VectorXf>(P.data(), P.size()); }

Points unflatten(const Eigen::VectorXf& v, int rows) { return Eigen::Map<const Points>(v.data(), rows, 3); }

MlpField test_mlp(Activation activation) {
  MlpOptions o;
  o.width = 16;
  o.depth = 3;
  o.activation = activation;
  o.last_layer_scale = 1.0f;  // a field of size O(1): every layer's gradient is well above noise
  o.center = Eigen::Vector3f(0.1f, -0.2f, 0.3f);
  o.scale = 1.5f;
  return MlpField(o);
}

KernelField test_kernel() {
  KernelOptions o;
  float spacing = 0;
  o.control_points = lattice_control_points(Eigen::Vector3f::Constant(-1.5f), Eigen::Vector3f::Constant(1.5f), 4,
                                            0.0f, &spacing);
  o.width = 0.8f;
  o.time_knots = 3;  // piecewise-linear momenta: the knot weights are part of the gradient
  o.scale = 1.5f;
  return KernelField(std::move(o));
}

Parameters random_parameters(int count, float size) {
  const CounterRng rng(5, 99);
  Parameters theta(count);
  for (int k = 0; k < count; ++k) theta[k] = size * rng.normal(std::uint64_t(k));
  return theta;
}

// One field evaluation: the vjp against finite differences in theta and in X.
void check_field_vjp(VelocityField& field, const Parameters& theta, float t) {
  const int n = 40;
  const Points X = random_points(n, 1), W = random_points(n, 2);
  Parameters g_theta = Parameters::Zero(field.parameter_count());
  Points g_X;
  field.vjp(theta, X, t, W, g_theta, g_X);

  Points V;
  auto loss_theta = [&](const Eigen::VectorXf& th) {
    field.forward(th, X, t, V);
    return dot(W, V);
  };
  auto loss_x = [&](const Eigen::VectorXf& x) {
    field.forward(theta, unflatten(x, n), t, V);
    return dot(W, V);
  };
  EXPECT_EQ(check_components(loss_theta, theta, g_theta, spread_components(60, field.parameter_count()), 1e-2f, 2e-2,
                             2e-3),
            0);
  EXPECT_EQ(check_components(loss_x, flatten(X), flatten(g_X), spread_components(3 * n, 3 * n), 1e-2f, 2e-2, 2e-3), 0);
  EXPECT_LT(directional_error(loss_theta, theta, g_theta, 1e-2f, 1), 2e-3);
  EXPECT_LT(directional_error(loss_x, flatten(X), flatten(g_X), 1e-2f, 2), 2e-3);
}

// L = sum W .* X(1) after `steps` RK4 steps: dL/dtheta and dL/dX0 against finite differences.
void check_rk4_adjoint(VelocityField& field, const Parameters& theta, int steps) {
  const int n = 30;
  const Points X0 = random_points(n, 3), W = random_points(n, 4);
  Rk4Integrator rk4;
  Points X = X0;
  rk4.integrate(field, theta, X, 0.0f, 1.0f, steps, true);
  Parameters g_theta = Parameters::Zero(field.parameter_count());
  Points g_X0;
  rk4.backward(field, theta, W, g_theta, &g_X0);

  Rk4Integrator plain;
  auto loss_theta = [&](const Eigen::VectorXf& th) {
    Points Y = X0;
    plain.integrate(field, th, Y, 0.0f, 1.0f, steps);
    return dot(W, Y);
  };
  auto loss_x = [&](const Eigen::VectorXf& x) {
    Points Y = unflatten(x, n);
    plain.integrate(field, theta, Y, 0.0f, 1.0f, steps);
    return dot(W, Y);
  };
  EXPECT_EQ(check_components(loss_theta, theta, g_theta, spread_components(60, field.parameter_count()), 1e-2f, 2e-2,
                             2e-3),
            0);
  EXPECT_EQ(check_components(loss_x, flatten(X0), flatten(g_X0), spread_components(3 * n, 3 * n), 1e-2f, 2e-2, 2e-3),
            0);
  EXPECT_LT(directional_error(loss_theta, theta, g_theta, 1e-2f, 3), 2e-3);
  EXPECT_LT(directional_error(loss_x, flatten(X0), flatten(g_X0), 1e-2f, 4), 2e-3);
}

}  // namespace

TEST(DeformGradient, MlpVjpMatchesFiniteDifferences) {
  for (Activation a : {Activation::Tanh, Activation::Softplus, Activation::SiLU}) {
    SCOPED_TRACE(activation_name(a));
    MlpField field = test_mlp(a);
    check_field_vjp(field, field.initial_parameters(3), 0.37f);
  }
}

TEST(DeformGradient, KernelVjpMatchesFiniteDifferences) {
  KernelField field = test_kernel();
  for (float t : {0.0f, 0.3f, 0.75f, 1.0f}) {
    SCOPED_TRACE(t);
    check_field_vjp(field, random_parameters(field.parameter_count(), 0.5f), t);
  }
}

TEST(DeformGradient, Rk4ThroughMlpMatchesFiniteDifferences) {
  MlpField field = test_mlp(Activation::Tanh);
  check_rk4_adjoint(field, field.initial_parameters(4), 4);
}

TEST(DeformGradient, Rk4ThroughKernelMatchesFiniteDifferences) {
  KernelField field = test_kernel();
  check_rk4_adjoint(field, random_parameters(field.parameter_count(), 0.3f), 3);
}

// The checks above must be able to fail: the same comparison rejects the RK4 gradient with the
// sign of one component flipped, and with the stage weights of RK4's adjoint got wrong (a
// gradient that ignores the stage feeding, i.e. h/6 (dk1 + 2 dk2 + 2 dk3 + dk4) only).
TEST(DeformGradient, ChecksCatchAWrongGradient) {
  MlpField field = test_mlp(Activation::Tanh);
  const Parameters theta = field.initial_parameters(4);
  const int n = 30, steps = 4;
  const Points X0 = random_points(n, 3), W = random_points(n, 4);
  Rk4Integrator rk4;
  Points X = X0;
  rk4.integrate(field, theta, X, 0.0f, 1.0f, steps, true);
  Parameters g = Parameters::Zero(field.parameter_count());
  rk4.backward(field, theta, W, g);
  auto loss = [&](const Eigen::VectorXf& th) {
    Rk4Integrator plain;
    Points Y = X0;
    plain.integrate(field, th, Y, 0.0f, 1.0f, steps);
    return dot(W, Y);
  };
  const std::vector<int> components = spread_components(60, field.parameter_count());
  ASSERT_EQ(check_components(loss, theta, g, components, 1e-2f, 2e-2, 2e-3), 0);
  // Flip the largest checked component.
  int largest = components[0];
  for (int k : components)
    if (std::abs(g[k]) > std::abs(g[largest])) largest = k;
  Parameters flipped = g;
  flipped[largest] = -flipped[largest];
  EXPECT_GE(check_components(loss, theta, flipped, components, 1e-2f, 2e-2, 2e-3), 1);
  // A first-order (Euler-like) adjoint: vjp at the step starts only, weight h.
  Parameters euler = Parameters::Zero(field.parameter_count());
  Points adjoint = W, gx;
  for (int s = steps - 1; s >= 0; --s) {
    field.vjp(theta, X0, rk4.stage_time(s, 0), (1.0f / steps) * adjoint, euler, gx);
  }
  EXPECT_GE(check_components(loss, theta, euler, components, 1e-2f, 2e-2, 2e-3), 1);
}
