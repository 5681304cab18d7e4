// Particle sums in one dimension (d = 1 is a valid particle flow): the exact interaction sum
// against the two-particle closed form. Under ASan this also guards the d = 1 row layout (one
// column per point: a second coordinate written per row would run past the buffer).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "solvers/energy/interaction_exact.hpp"

using namespace monge;

TEST(EnergyOneDimension, TwoParticleInteractionClosedForm) {
  // W(r) = r^2/2 - log r (power law a = 2, b = 0): grad W(z) = (1 - 1/r^2) z.
  InteractionKernel k;
  k.kind = KernelKind::PowerLaw;
  k.a = 2;
  k.b = 0;
  k.dim = 1;
  Points X(2, 1);
  X << 0.0f, 2.0f;
  Eigen::VectorXd w(2);
  w << 0.25, 0.75;
  std::vector<double> grad;
  const double energy = interaction_exact(X, w, k, grad, true);
  ASSERT_EQ(grad.size(), 2u);
  const double g = 1.0 - 1.0 / 4.0;  // at r = 2
  EXPECT_NEAR(grad[0], w[1] * g * (0.0 - 2.0), 1e-12);
  EXPECT_NEAR(grad[1], w[0] * g * (2.0 - 0.0), 1e-12);
  // 1/2 sum_i sum_{j != i} w_i w_j W(r) = w_0 w_1 W(2).
  EXPECT_NEAR(energy, w[0] * w[1] * (2.0 - std::log(2.0)), 1e-12);
}
