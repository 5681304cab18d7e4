// Adam: the closed form of its steps under a constant gradient (bias correction makes every step
// exactly lr * g / (|g| + eps)), convergence on an ill-conditioned quadratic, determinism and the
// errors for bad options.
#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.hpp"
#include "solvers/deform/adam.hpp"

using namespace monge;
using namespace monge::deform;

TEST(DeformAdam, ConstantGradientStepsByLearningRate) {
  AdamOptions o;
  o.learning_rate = 0.01;
  Adam adam(o);
  Eigen::VectorXf theta = Eigen::VectorXf::Zero(4);
  Eigen::VectorXf g(4);
  g << 3.0f, -0.5f, 1e-3f, -200.0f;
  for (int k = 1; k <= 20; ++k) {
    const Eigen::VectorXf before = theta;
    adam.step(theta, g);
    for (int i = 0; i < 4; ++i) {
      const double expected = -0.01 * g[i] / (std::abs(g[i]) + 1e-8);
      EXPECT_NEAR(theta[i] - before[i], expected, 1e-6) << "step " << k << " component " << i;
    }
  }
  EXPECT_EQ(adam.steps(), 20);
}

TEST(DeformAdam, ConvergesOnQuadratic) {
  // f = 1/2 sum a_i (x_i - c_i)^2 with curvatures over four orders of magnitude.
  Eigen::VectorXf a(5), c(5);
  a << 100.0f, 10.0f, 1.0f, 0.1f, 0.01f;
  c << 1.0f, -2.0f, 0.5f, 3.0f, -1.0f;
  AdamOptions o;
  o.learning_rate = 0.05;
  Adam adam(o);
  Eigen::VectorXf x = Eigen::VectorXf::Zero(5);
  for (int k = 0; k < 3000; ++k) adam.step(x, (a.array() * (x - c).array()).matrix());
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(x[i], c[i], 1e-2) << i;
}

TEST(DeformAdam, DeterministicAndResettable) {
  auto run = [](Adam& adam) {
    Eigen::VectorXf x = Eigen::VectorXf::Constant(3, 1.0f);
    for (int k = 0; k < 50; ++k) adam.step(x, (x.array().sin() + 0.1f * x.array()).matrix());
    return x;
  };
  Adam a, b;
  const Eigen::VectorXf x1 = run(a), x2 = run(b);
  EXPECT_EQ(x1, x2);
  a.reset();
  EXPECT_EQ(run(a), x1);
}

TEST(DeformAdam, RejectsBadOptions) {
  AdamOptions o;
  o.learning_rate = 0;
  EXPECT_THROW(Adam{o}, InputError);
  o = {};
  o.beta1 = 1.0;
  EXPECT_THROW(Adam{o}, InputError);
  o = {};
  o.beta2 = -0.1;
  EXPECT_THROW(Adam{o}, InputError);
  o = {};
  o.epsilon = 0;
  EXPECT_THROW(Adam{o}, InputError);
  try {
    o = {};
    o.learning_rate = -1;
    Adam adam(o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("learning rate"), std::string::npos);
  }
}
