// Barycentres and Riemannian batch normalisation against tests/data/gaussian/reference.json:
// the BW barycentre against the closed form (commuting inputs) and against the generator's own
// fixed-point iteration to 1e-6 (we get 1e-9), the GBW barycentre, the AI Karcher mean, and the
// batch normalised under BW and AI: its barycentre is the identity to 1e-6 and the matrices and
// spreads agree with the script's.
#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.hpp"
#include "solvers/gaussian/affine_invariant.hpp"
#include "solvers/gaussian/batch_norm.hpp"
#include "solvers/gaussian/bures_barycentre.hpp"
#include "solvers/gaussian/spd.hpp"
#include "tests/common/gaussian_reference.hpp"
#include "tests/common/input_errors.hpp"

namespace monge::gaussian {
namespace {

using test::gaussian_reference;
using test::json_doubles;
using test::json_matrices;
using test::json_matrix;
using test::relative_difference;

TEST(GaussianBarycentre, MatchesClosedFormAndReferenceIteration) {
  for (const auto& c : gaussian_reference()["barycentre"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const std::vector<double> w = json_doubles(c["weights"]);
    const std::vector<Eigen::MatrixXd> covs = json_matrices(c["covs"]);
    const BarycentreResult r = bures_barycentre(w, covs);
    EXPECT_TRUE(r.converged);
    EXPECT_LT(r.iterations, 100);
    EXPECT_LT(relative_difference(r.cov, json_matrix(c["barycentre"])), 1e-9);
    // The residual falls (the functional decreases along the iteration) and the fixed point holds.
    EXPECT_LT(r.residuals.back(), 1e-12);
    EXPECT_LT(r.residuals.back(), r.residuals.front());
    const BarycentreStep at_fixed_point = bures_barycentre_step(r.cov, normalised_weights(w, "w"), covs);
    EXPECT_LT(relative_difference(at_fixed_point.map, Eigen::MatrixXd::Identity(r.cov.rows(), r.cov.cols())), 1e-10);
    // A damped step (gradient descent, eta = 1/2) reaches the same point.
    const BarycentreResult damped = bures_barycentre(w, covs, 1e-13, 2000, Eigen::MatrixXd(), 0.5);
    EXPECT_TRUE(damped.converged);
    EXPECT_GT(damped.iterations, r.iterations);
    EXPECT_LT(relative_difference(damped.cov, r.cov), 1e-9);
  }
}

TEST(GaussianBarycentre, ObjectiveDecreasesAlongTheFixedPointIteration) {
  const auto& c = gaussian_reference()["barycentre"][1];
  const std::vector<double> w = normalised_weights(json_doubles(c["weights"]), "w");
  const std::vector<Eigen::MatrixXd> covs = json_matrices(c["covs"]);
  Eigen::MatrixXd S = Eigen::MatrixXd::Identity(covs[0].rows(), covs[0].cols()) * 5.0;
  double previous = bures_barycentre_objective(S, w, covs);
  for (int k = 0; k < 10; ++k) {
    S = bures_barycentre_step(S, w, covs).cov;
    const double f = bures_barycentre_objective(S, w, covs);
    EXPECT_LE(f, previous + 1e-12) << "iteration " << k;
    previous = f;
  }
}

TEST(GaussianBarycentre, GeneralisedBarycentre) {
  const auto& c = gaussian_reference()["gbw_barycentre"];
  const std::vector<Eigen::MatrixXd> covs = json_matrices(c["covs"]);
  std::vector<Gaussian> inputs;
  for (const auto& S : covs) inputs.push_back({Eigen::VectorXd::Zero(2), S});
  const Gaussian g = gaussian_barycentre(json_doubles(c["weights"]), inputs, BuresMetric(json_matrix(c["M"])));
  EXPECT_LT(relative_difference(g.cov, json_matrix(c["barycentre"])), 1e-9);
  // And it differs from the BW barycentre: the metric matters.
  EXPECT_GT(relative_difference(g.cov, gaussian_barycentre(json_doubles(c["weights"]), inputs).cov), 1e-2);
}

TEST(GaussianBarycentre, KarcherMeanMatchesReference) {
  for (const auto& c : gaussian_reference()["ai"]) {
    const KarcherResult k = karcher_mean(json_doubles(c["weights"]), json_matrices(c["covs"]));
    EXPECT_TRUE(k.converged) << k.residual;
    EXPECT_LT(relative_difference(k.mean, json_matrix(c["karcher"])), 1e-9);
  }
}

TEST(GaussianBatchNorm, NormalisedBatchIsCentredAtTheIdentity) {
  for (const auto& c : gaussian_reference()["batch_norm"]) {
    const std::vector<Eigen::MatrixXd> batch = json_matrices(c["batch"]);
    const std::vector<double> w(batch.size(), 1.0 / batch.size());
    const Eigen::Index d = batch[0].rows();
    const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(d, d);
    for (const auto& run : c["runs"]) {
      const SpdMetric metric = parse_spd_metric(run["metric"], "metric");
      const double target = run["target_spread"];
      SCOPED_TRACE(std::string(spd_metric_name(metric)) + " d " + std::to_string(d) + " spread " + std::to_string(target));
      const BatchNormResult r = riemannian_batch_norm(w, batch, metric, target);
      EXPECT_LT(relative_difference(r.barycentre, json_matrix(run["barycentre"])), 1e-9);
      const std::vector<Eigen::MatrixXd> expected = json_matrices(run["normalised"]);
      for (std::size_t i = 0; i < batch.size(); ++i) EXPECT_LT(relative_difference(r.normalised[i], expected[i]), 1e-8);
      EXPECT_NEAR(r.spread_before, double(run["spread_before"]), 1e-9 * double(run["spread_before"]));
      EXPECT_NEAR(r.spread_after, double(run["spread_after"]), 1e-8 * double(run["spread_after"]));
      if (target > 0) {
        EXPECT_NEAR(r.spread_after, target, 1e-9 * target);
      }
      // The contract: the normalised batch's barycentre is the identity to 1e-6.
      const Eigen::MatrixXd centre = spd_barycentre(w, r.normalised, metric);
      EXPECT_LT((centre - I).cwiseAbs().maxCoeff(), 1e-6);
      EXPECT_LT(std::sqrt(spd_distance_squared(centre, I, metric)), 1e-6);
    }
  }
}

TEST(GaussianBatchNorm, AffineInvariantKeepsTheSpreadAndBuresDoesNot) {
  const auto& c = gaussian_reference()["batch_norm"][0];
  const std::vector<Eigen::MatrixXd> batch = json_matrices(c["batch"]);
  const std::vector<double> w(batch.size(), 1.0 / batch.size());
  const BatchNormResult ai = riemannian_batch_norm(w, batch, SpdMetric::AffineInvariant);
  EXPECT_NEAR(ai.spread_after, ai.spread_before, 1e-9 * ai.spread_before);  // an isometry
  const BatchNormResult bw = riemannian_batch_norm(w, batch, SpdMetric::BuresWasserstein);
  EXPECT_GT(std::abs(bw.spread_after - bw.spread_before), 1e-3);  // BW is not congruence-invariant
}

TEST(GaussianBatchNorm, RandomBatchAndErrors) {
  Eigen::MatrixXd centre(2, 2);
  centre << 2.0, 0.6, 0.6, 0.5;
  const std::vector<Eigen::MatrixXd> a = random_spd_batch(12, centre, 100.0, CounterRng(3, 1));
  const std::vector<Eigen::MatrixXd> b = random_spd_batch(12, centre, 100.0, CounterRng(3, 1));
  ASSERT_EQ(a.size(), 12u);
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i], b[i]);  // a function of the seed
    EXPECT_TRUE(is_spd(a[i]));
    // Each member is C^1/2 W C^1/2 with cond(W) <= 100.
    const Eigen::MatrixXd inv_root = spd_inv_sqrt(centre);
    const double cond = condition_number(inv_root * a[i] * inv_root);
    EXPECT_LE(cond, 100.0 * (1 + 1e-9));
    worst = std::max(worst, cond);
  }
  EXPECT_GT(worst, 10.0);  // ill-conditioned indeed
  const std::vector<double> w(a.size(), 1.0);
  EXPECT_ERROR_CONTAINS(riemannian_batch_norm(w, a, SpdMetric::BuresWasserstein, 1e6), "spread: ");
  EXPECT_ERROR_CONTAINS(parse_spd_metric("log-euclidean", "flow.metric"), "flow.metric: expected one of bw, ai");
  EXPECT_ERROR_CONTAINS(normalised_weights({1.0, -1.0}, "weights"), "weights: must be finite and non-negative");
}

}  // namespace
}  // namespace monge::gaussian
