// Sinkhorn–Newton–Sparse against plain Sinkhorn on the random assignment problem of Tang et al.
// (arXiv 2401.12253): C_ij uniform in [0, 1], uniform marginals, η = 1/ε = 1200, tolerance 1e-9.
// The paper reports n = 500: 29 SNS against 56,199 Sinkhorn iterations. This implementation does
// NOT reach that yet (see docs/entropic.md): its Newton phase converges, but slowly. This test
// pins what holds today at n = 100 (a few seconds): SNS reaches 1e-9, agrees with Sinkhorn, and
// leaves Sinkhorn with the same iteration budget far from it. The 10× target is left open.
#include <gtest/gtest.h>

#include "solvers/common/random.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {
namespace {

TEST(EntropicSns, ReachesTightToleranceOnRandomAssignment) {
  const int n = 100;
  CounterRng rng(3, 0);
  Eigen::MatrixXd C(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) C(i, j) = rng.uniform(static_cast<std::uint64_t>(i) * n + j);
  const Eigen::VectorXd a = Eigen::VectorXd::Constant(n, 1.0 / n);
  SinkhornOptions o;
  o.eps = 1.0 / 1200;
  o.tol = 1e-9;
  o.max_iter = 20000;
  o.eps_scaling = false;  // as in the paper: iterations from zero potentials
  o.method = EntropicMethod::SinkhornNewtonSparse;
  o.sns_warmup = 500;
  o.sns_density = 0.05;
  const SinkhornResult sns = solve_entropic_dense(C, a, a, o);
  ASSERT_TRUE(sns.converged) << sns.marginal_error;
  // Plain Sinkhorn with the same iteration budget is still far from the tolerance.
  o.method = EntropicMethod::Sinkhorn;
  o.max_iter = sns.iterations;
  const SinkhornResult plain = solve_entropic_dense(C, a, a, o);
  EXPECT_GT(plain.marginal_error, 1000 * o.tol);
  EXPECT_NEAR(sns.cost, plain.cost, 1e-4 * plain.cost);
  std::printf("n = %d: SNS %d iterations (error %.2g), Sinkhorn %d (error %.2g)\n", n, sns.iterations,
              sns.marginal_error, plain.iterations, plain.marginal_error);
}

}  // namespace
}  // namespace monge
