// Monge-gap maps: the closed-form Gaussian OT map against scipy and POT's OT_mapping_linear, the
// Monge-gap estimator against POT's log-domain Sinkhorn (tests/data/divergence/reference.json),
// the gap of the optimal map within the entropic bias, the fitted MLP map against the closed form
// with and without the gap, and the flow's exact replays.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/common/shapes.hpp"
#include "solvers/divergence/gaussian_ot.hpp"
#include "solvers/divergence/monge_gap_flow.hpp"
#include "test_divergence_reference.hpp"

namespace monge {
namespace {

using test::divergence_reference;
Eigen::MatrixXd matrix(const nlohmann::json& rows) { return test::json_matrix(rows); }
Eigen::VectorXd vec(const nlohmann::json& v) { return test::json_vector(v); }
Points points(const nlohmann::json& rows) { return matrix(rows).cast<float>(); }

TEST(MongeGap, ClosedFormMapMatchesScipyAndPot) {
  const nlohmann::json all = divergence_reference();
  ASSERT_EQ(all["gaussian_maps"].size(), 3u);
  for (const auto& c : all["gaussian_maps"]) {
    const Eigen::VectorXd m1 = vec(c["m1"]), m2 = vec(c["m2"]);
    const Eigen::MatrixXd S1 = matrix(c["S1"]), S2 = matrix(c["S2"]);
    const AffineMap T = gaussian_ot_map(m1, S1, m2, S2);
    EXPECT_LT((T.A - matrix(c["A"])).cwiseAbs().maxCoeff(), 1e-10);
    EXPECT_LT((T.A - matrix(c["A_pot"])).cwiseAbs().maxCoeff(), 1e-9);
    EXPECT_LT((m2 - T.A * m1 - vec(c["b_pot"])).cwiseAbs().maxCoeff(), 1e-9);
    EXPECT_LT((T.A * S1 * T.A - S2).cwiseAbs().maxCoeff(), 1e-12) << "T pushes N(m1, S1) onto N(m2, S2)";
    EXPECT_NEAR(gaussian_w2_squared(m1, S1, m2, S2), c["w2_squared"].get<double>(), 1e-12);
  }
  EXPECT_THROW(gaussian_ot_map(Eigen::Vector2d::Zero(), -Eigen::Matrix2d::Identity(), Eigen::Vector2d::Zero(),
                               Eigen::Matrix2d::Identity()),
               InputError);
}

TEST(MongeGap, EstimatorMatchesPotAndTheOptimalMapsGapIsWithinTheEntropicBias) {
  const auto ref = divergence_reference()["monge_gap"];
  const Points X = points(ref["X"]);
  SinkhornOptions o;
  o.eps = ref["eps"].get<double>();
  // The optimal map's plan is near a permutation, where Sinkhorn crawls (2·10^5 iterations to
  // 1e-7 here; POT's reference reached ~6e-8 in 10^6): Sinkhorn–Newton–Sparse takes 181.
  o.method = EntropicMethod::SinkhornNewtonSparse;
  o.tol = 1e-8;
  o.max_iter = 1000000;
  for (const std::string name : {"closed_form", "rotation"}) {
    const auto& m = ref["maps"][name];
    const MongeGapResult r = monge_gap(X, points(m["TX"]), o, false);
    SCOPED_TRACE(name);
    EXPECT_NEAR(r.cost, m["cost"].get<double>(), 1e-6 * m["cost"].get<double>());
    EXPECT_NEAR(r.ot, m["ot_eps"].get<double>(), 1e-6);
    EXPECT_NEAR(r.value, m["gap"].get<double>(), 2e-6);
  }
  // Our own closed form on the same samples: the gap of the optimal map lies in [-ε log n, 0]
  // (the entropic bias), the rotation's far above.
  const AffineMap T = gaussian_ot_map(vec(ref["m1"]), matrix(divergence_reference()["gaussian_maps"][0]["S1"]), vec(ref["m2"]),
                                      matrix(divergence_reference()["gaussian_maps"][0]["S2"]));
  const double optimal = monge_gap(X, T.apply(X), o, false).value;
  const double bias = o.eps * std::log(static_cast<double>(X.rows()));
  EXPECT_GE(optimal, -bias);
  EXPECT_LE(optimal, 1e-9);
  EXPECT_GT(ref["maps"]["rotation"]["gap"].get<double>(), 5 * bias);
}

// μ = N(m1, S1) on 64 samples; ν's samples are the images of μ's under the closed-form map T*, so
// T*#μ_n is exactly ν_m and the closed form is the exact answer on these samples: the error
// below measures the fit, not sampling noise.
struct GaussianPair {
  Points X, Y;
  AffineMap T;
};
GaussianPair gaussian_pair(int n) {
  const auto c = divergence_reference()["gaussian_maps"][0];
  GaussianPair p;
  p.T = gaussian_ot_map(vec(c["m1"]), matrix(c["S1"]), vec(c["m2"]), matrix(c["S2"]));
  p.X = sample_gaussian(n, vec(c["m1"]), matrix(c["S1"]), CounterRng(1, 1));
  p.Y = p.T.apply(p.X);
  return p;
}

struct Fitted {
  double error;    // ‖T − T*‖ / ‖T* − id‖ on the samples
  double fitting;  // S_ε(T#μ_n, ν_m)
  double gap;      // M(T)
};
Fitted fit(const GaussianPair& p, double lambda, bool residual, int iterations) {
  MongeGapOptions o;
  o.lambda = lambda;
  o.eps = 0.05;
  o.learning_rate = 1e-2;
  o.residual = residual;
  o.init_scale = residual ? 0.01f : 1.0f;
  MongeGapTrainer t(p.X, p.Y, o);
  for (int k = 0; k < iterations; ++k) t.iterate();
  return {relative_map_error(p.X, t.pushed(), p.T.apply(p.X)), t.fitting(), t.gap()};
}

TEST(MongeGap, FittedMapApproachesTheClosedFormOnlyWithTheGap) {
  // A generic (non-residual) network started at a random map. With λ = 1 it ends at the optimal
  // map, up to the entropic bias of ε = 0.05 (measured: relative error 0.009-0.012 over three
  // seeds); its gap is the bias, -ε log n at most.
  const GaussianPair p = gaussian_pair(64);
  const double bias = 0.05 * std::log(64.0);
  const Fitted with_gap = fit(p, 1.0, false, 150);
  EXPECT_LT(with_gap.error, 0.03);
  EXPECT_LT(with_gap.fitting, 2e-3);
  EXPECT_LT(std::abs(with_gap.gap), bias);
  // Without it, the fit pushes μ roughly onto ν with a folded, reflection-like map (T(x) ≈
  // m2 − A(x − m1) also pushes a Gaussian onto ν) and cannot unfold: error 1.7-2.0, fitting
  // loss 0.11-0.16 (the samples are not symmetric), a large gap.
  const Fitted without = fit(p, 0.0, false, 150);
  EXPECT_GT(without.error, 0.5);
  EXPECT_LT(without.fitting, 0.25);
  EXPECT_GT(without.gap, 5 * bias);
  // A residual network started at the identity gets there with the gap too.
  EXPECT_LT(fit(p, 1.0, true, 150).error, 0.03);
  std::printf("relative map error: lambda = 1: %.4f, lambda = 0: %.4f\n", with_gap.error, without.error);
}

TEST(MongeGap, FlowReplaysAnyStepExactly) {
  const GaussianPair p = gaussian_pair(32);
  MongeGapFlowOptions o;
  o.trainer.learning_rate = 1e-2;
  o.checkpoint_every = 4;
  o.reference = p.T;
  MongeGapFlow flow(p.X, p.Y, o);
  std::vector<FlowState> states(1);
  flow.initialize(states[0]);
  for (int k = 0; k < 10; ++k) {
    FlowState s = states.back();
    flow.step(s);
    s.step += 1;
    states.push_back(s);
  }
  ASSERT_EQ(flow.diagnostics().size(), 4u);  // loss, fitting, monge_gap, map_error
  for (int from : {3, 7, 9}) {  // back to a checkpoint and replay; and from this flow's last step
    FlowState s = states[from];
    flow.step(s);
    EXPECT_EQ(s.points, states[from + 1].points) << "from step " << from;
  }
  MongeGapFlow fresh(p.X, p.Y, o);  // a new flow (e.g. after an edit) replays from the start
  FlowState s = states[6];
  fresh.step(s);
  EXPECT_EQ(s.points, states[7].points);
  EXPECT_EQ(s.figures.arrows.at(0).heads, states[7].points);
  EXPECT_EQ(s.figures.arrows.at(0).tails, p.X);
}

TEST(MongeGap, SameBitsForAnyNumberOfThreads) {
  const GaussianPair p = gaussian_pair(48);
  auto theta = [&](int threads) {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    MongeGapTrainer t(p.X, p.Y, MongeGapOptions{});
    for (int k = 0; k < 5; ++k) t.iterate();
    omp_set_num_threads(saved);
    return t.state().theta;
  };
  const Eigen::VectorXf one = theta(1);
  EXPECT_EQ(one, theta(2));
  EXPECT_EQ(one, theta(3));
}

TEST(MongeGap, BadOptionsAreInputErrors) {
  const GaussianPair p = gaussian_pair(8);
  MongeGapOptions o;
  o.lambda = -1;
  EXPECT_THROW(MongeGapTrainer(p.X, p.Y, o), InputError);
  o = {};
  o.eps = 0;
  EXPECT_THROW(MongeGapTrainer(p.X, p.Y, o), InputError);
  o = {};
  o.learning_rate = -1;
  EXPECT_THROW(MongeGapTrainer(p.X, p.Y, o), InputError);
  EXPECT_THROW(MongeGapTrainer(Points(0, 2), p.Y, MongeGapOptions{}), InputError);
  Points bad = p.X;
  bad(0, 0) = NAN;
  EXPECT_THROW(MongeGapTrainer(bad, p.Y, MongeGapOptions{}), InputError);
}

}  // namespace
}  // namespace monge
