// RK4 integration of the deformation ODE: closed forms on a linear field v(x) = A x (one RK4
// step is the matrix R = sum_{k<=4} (hA)^k / k!, so X(1) = X0 (R^S)^T and dL/dX0 = W R^S for
// L = sum W .* X(1)), fourth-order convergence to exp(A), invertibility (forward 0 -> 1 then
// backward 1 -> 0 returns the points) for the MLP and time-dependent kernel fields, and the
// trajectory snapshots.
#include <gtest/gtest.h>

#include <cmath>

#include <Eigen/Core>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/deform/kernel_field.hpp"
#include "solvers/deform/mlp_field.hpp"
#include "solvers/deform/rk4.hpp"

using namespace monge;
using namespace monge::deform;

namespace {

// v(x, t) = A x with theta = A (3 by 3, row-major).
class LinearField final : public VelocityField {
 public:
  const char* name() const override { return "linear"; }
  int parameter_count() const override { return 9; }
  Parameters initial_parameters(std::uint64_t) const override { return Parameters::Zero(9); }
  void forward(const Parameters& theta, const Points& X, float, Points& V) override {
    V = X * matrix(theta).transpose();
  }
  void vjp(const Parameters& theta, const Points& X, float, const Points& dV, Parameters& grad_theta,
           Points& grad_X) override {
    Eigen::Matrix3f g = dV.transpose() * X;
    grad_theta += Eigen::Map<const Eigen::Matrix<float, 9, 1>>(Eigen::Matrix<float, 3, 3, Eigen::RowMajor>(g).data());
    grad_X = dV * matrix(theta);
  }
  static Eigen::Matrix3f matrix(const Parameters& theta) {
    return Eigen::Map<const Eigen::Matrix<float, 3, 3, Eigen::RowMajor>>(theta.data());
  }
};

Points random_points(int n, std::uint64_t stream) {
  const CounterRng rng(3, stream);
  Points X(n, 3);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < 3; ++j) X(i, j) = rng.normal(std::uint64_t(3 * i + j));
  return X;
}

Parameters test_matrix() {
  Parameters theta(9);
  theta << -0.3f, 0.8f, 0.1f, -0.6f, 0.2f, 0.0f, 0.25f, -0.1f, 0.4f;
  return theta;
}

Eigen::Matrix3d rk4_matrix(const Eigen::Matrix3d& A, int steps) {
  const Eigen::Matrix3d hA = A / double(steps);
  const Eigen::Matrix3d R =
      Eigen::Matrix3d::Identity() + hA + hA * hA / 2.0 + hA * hA * hA / 6.0 + hA * hA * hA * hA / 24.0;
  Eigen::Matrix3d M = Eigen::Matrix3d::Identity();
  for (int s = 0; s < steps; ++s) M = R * M;
  return M;
}

Eigen::Matrix3d exponential(const Eigen::Matrix3d& A) {
  Eigen::Matrix3d sum = Eigen::Matrix3d::Identity(), term = Eigen::Matrix3d::Identity();
  for (int k = 1; k < 40; ++k) {
    term = term * A / double(k);
    sum += term;
  }
  return sum;
}

double max_abs_diff(const Points& a, const Points& b) { return (a - b).cwiseAbs().maxCoeff(); }

}  // namespace

TEST(DeformRk4, LinearFieldMatchesRk4Matrix) {
  LinearField field;
  const Parameters theta = test_matrix();
  const Eigen::Matrix3d A = LinearField::matrix(theta).cast<double>();
  const Points X0 = random_points(50, 1), W = random_points(50, 2);
  for (int steps : {1, 3, 8}) {
    Rk4Integrator rk4;
    Points X = X0;
    rk4.integrate(field, theta, X, 0.0f, 1.0f, steps, true);
    const Eigen::Matrix3d M = rk4_matrix(A, steps);
    const Points expected = (X0.cast<double>() * M.transpose()).cast<float>();
    EXPECT_LT(max_abs_diff(X, expected), 2e-5) << steps;
    // The adjoint of X0 -> X0 M^T is W -> W M.
    Parameters g = Parameters::Zero(9);
    Points gX0;
    rk4.backward(field, theta, W, g, &gX0);
    const Points expected_grad = (W.cast<double>() * M).cast<float>();
    EXPECT_LT(max_abs_diff(gX0, expected_grad), 2e-5) << steps;
  }
}

TEST(DeformRk4, FourthOrderConvergenceToExponential) {
  LinearField field;
  const Parameters theta = test_matrix();
  const Eigen::Matrix3d E = exponential(LinearField::matrix(theta).cast<double>());
  Points X0(1, 3);
  X0 << 0.6f, -0.3f, 0.9f;
  const Eigen::RowVector3d exact = X0.cast<double>() * E.transpose();
  double previous = 0;
  for (int steps : {1, 2, 4}) {
    Rk4Integrator rk4;
    Points X = X0;
    rk4.integrate(field, theta, X, 0.0f, 1.0f, steps);
    const double error = (X.cast<double>() - exact).norm();
    if (previous > 0) {
      // Halving h divides the error by 2^4 = 16 (within float noise at these sizes).
      EXPECT_GT(previous / error, 11.0) << steps;
      EXPECT_LT(previous / error, 22.0) << steps;
    }
    previous = error;
  }
}

TEST(DeformRk4, ForwardThenBackwardReturnsToStart) {
  MlpOptions mo;
  mo.width = 32;
  mo.depth = 3;
  mo.last_layer_scale = 1.0f;  // a field that moves points by O(1): a real test of invertibility
  MlpField mlp(mo);
  KernelOptions ko;
  ko.control_points = lattice_control_points(Eigen::Vector3f::Constant(-1), Eigen::Vector3f::Constant(1), 4, 0.1f,
                                             nullptr);
  ko.width = 0.6f;
  ko.time_knots = 4;
  KernelField kernel(std::move(ko));
  const CounterRng rng(9, 1);
  Parameters kernel_theta(kernel.parameter_count());
  for (int k = 0; k < kernel_theta.size(); ++k) kernel_theta[k] = 0.3f * rng.normal(std::uint64_t(k));

  const Points X0 = random_points(200, 5);
  for (auto [field, theta] : {std::pair<VelocityField*, Parameters>{&mlp, mlp.initial_parameters(2)},
                              std::pair<VelocityField*, Parameters>{&kernel, kernel_theta}}) {
    SCOPED_TRACE(field->name());
    Rk4Integrator rk4;
    Points X = X0;
    rk4.integrate(*field, theta, X, 0.0f, 1.0f, 16);
    const double moved = (X - X0).rowwise().norm().maxCoeff();
    EXPECT_GT(moved, 0.2);  // the map is far from the identity
    rk4.integrate(*field, theta, X, 1.0f, 0.0f, 16);
    const double size = X0.cwiseAbs().maxCoeff();
    EXPECT_LT(max_abs_diff(X, X0) / size, 1e-4);
  }
}

TEST(DeformRk4, TrajectoryHasEveryStep) {
  LinearField field;
  const Parameters theta = test_matrix();
  const Points X0 = random_points(10, 6);
  Rk4Integrator rk4;
  Points X = X0;
  std::vector<Points> trajectory;
  rk4.integrate(field, theta, X, 0.0f, 1.0f, 5, false, &trajectory);
  ASSERT_EQ(trajectory.size(), 6u);
  EXPECT_EQ(trajectory.front(), X0);
  EXPECT_EQ(trajectory.back(), X);
  // Snapshot k is the map over [0, k/5] with k steps of the same size.
  for (int k = 1; k < 5; ++k) {
    Points Y = X0;
    rk4.integrate(field, theta, Y, 0.0f, float(k) / 5.0f, k);
    EXPECT_LT(max_abs_diff(Y, trajectory[k]), 1e-6) << k;
  }
  EXPECT_THROW(rk4.integrate(field, theta, X, 0.0f, 1.0f, 0), InputError);
}
