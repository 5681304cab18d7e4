// Fits of the divergence playground against what the theory says they converge to:
//   forward KL of one Gaussian to a mixture = moment matching (mean and covariance of the mixture,
//   tests/data/divergence/reference.json) within 1e-3;
//   reverse KL to two well-separated modes seeks the mode on the side it starts (within 0.05),
//   with all its mass there;
//   alpha-divergences at α -> 1 and α -> 0 fit what the two KLs fit;
// and the playground's promises: the same bits for any thread count, a restored state continues
// exactly, the sample divergences (SW, Sinkhorn) and the particle model decrease their loss.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstdio>

#include "solvers/common/random.hpp"
#include "solvers/divergence/divergence_fit.hpp"
#include "test_divergence_reference.hpp"

namespace monge {
namespace {

using test::divergence_reference;
using test::json_components;

QuadratureGrid grid(double half, int cells) { return test::square_grid(half, cells); }

// Options of the tests that run every kind of model and divergence a few steps.
DivergenceFitOptions small_options(DivergenceKind kind, const QuadratureGrid& g, int projections) {
  DivergenceFitOptions o;
  o.divergence = kind;
  o.grid = g;
  o.samples = 64;
  o.sample.projections = projections;
  o.sample.eps = 0.1;
  o.bandwidth = 0.3;
  return o;
}

DivergenceTarget mixture_target(const std::vector<GaussianComponent>& c, int samples = 0) {
  DivergenceTarget t;
  t.density = Mixture2D::from_components(c, "target");
  t.modes = static_cast<int>(c.size());
  if (samples) t.samples = sample_gaussian_mixture(samples, c, CounterRng(21, 3));
  return t;
}

Mixture2D start_at(double x, double y, double var = 1.0) {
  return Mixture2D::gaussian(Eigen::Vector2d(x, y), var * Eigen::Matrix2d::Identity());
}

// Runs `steps` steps from the flow's initial state; returns the final state.
FlowState run(DivergenceFitFlow& flow, int steps, FlowState state = {}) {
  if (state.figures.empty()) flow.initialize(state);
  for (int k = 0; k < steps; ++k) {
    flow.step(state);
    state.step += 1;
  }
  return state;
}

double diagnostic(const Flow& flow, const std::string& name) {
  for (const auto& [k, v] : flow.diagnostics())
    if (k == name) return v;
  ADD_FAILURE() << "no diagnostic " << name;
  return NAN;
}

const std::vector<GaussianComponent> kTwoFar = {
    {1.0, Eigen::Vector2d(-2.0, 0.0), 0.25 * Eigen::Matrix2d::Identity()},
    {1.0, Eigen::Vector2d(2.0, 0.0), 0.25 * Eigen::Matrix2d::Identity()}};

Mixture2D fit(DivergenceKind kind, double alpha, const std::vector<GaussianComponent>& target, const Mixture2D& start,
              double step, int steps, const QuadratureGrid& g) {
  DivergenceFitOptions o;
  o.divergence = kind;
  o.alpha = alpha;
  o.step = step;
  o.grid = g;
  DivergenceFitFlow flow(mixture_target(target), start, o);
  return flow.model_of(run(flow, steps));
}

TEST(DivergenceFit, ForwardKlOfOneGaussianMatchesTheMixtureMoments) {
  const nlohmann::json all = divergence_reference();
  ASSERT_EQ(all["mixture_moments"].size(), 2u);
  for (const auto& ref : all["mixture_moments"]) {
    const auto target = json_components(ref["components"]);
    const Mixture2D q = fit(DivergenceKind::ForwardKL, 0, target, start_at(0.7, -0.4), 0.5, 60, grid(10, 128));
    const Eigen::Vector2d m(ref["mean"][0].get<double>(), ref["mean"][1].get<double>());
    Eigen::Matrix2d S;
    S << ref["cov"][0][0].get<double>(), ref["cov"][0][1].get<double>(), ref["cov"][1][0].get<double>(),
        ref["cov"][1][1].get<double>();
    const double mean_error = (q.mean(0) - m).cwiseAbs().maxCoeff(), cov_error = (q.covariance(0) - S).cwiseAbs().maxCoeff();
    EXPECT_LT(mean_error, 1e-3) << q.mean(0).transpose() << " vs " << m.transpose();
    EXPECT_LT(cov_error, 1e-3) << q.covariance(0) << "\nvs\n" << S;
    std::printf("moment matching: largest error %.2g (mean), %.2g (covariance)\n", mean_error, cov_error);
  }
}

TEST(DivergenceFit, ReverseKlSeeksTheModeOnTheSideItStarts) {
  for (double side : {-1.0, 1.0}) {
    DivergenceFitOptions o;
    o.divergence = DivergenceKind::ReverseKL;
    o.step = 0.2;
    o.grid = grid(5, 96);
    DivergenceFitFlow flow(mixture_target(kTwoFar), start_at(side, 0.3), o);
    FlowState state = run(flow, 100);
    const Mixture2D q = flow.model_of(state);
    SCOPED_TRACE(side);
    const double error = (q.mean(0) - Eigen::Vector2d(2.0 * side, 0.0)).norm();
    EXPECT_LT(error, 0.05) << q.mean(0).transpose();
    std::printf("reverse KL from x = %+.0f: distance to the mode %.2g\n", side, error);
    flow.step(state);  // diagnostics of the fitted model: all its mass in one mode
    EXPECT_GT(diagnostic(flow, side < 0 ? "mode_0" : "mode_1"), 0.99);
    EXPECT_LT(diagnostic(flow, side < 0 ? "mode_1" : "mode_0"), 0.01);
  }
}

TEST(DivergenceFit, ForwardKlCoversBothModesWhereReverseKlPicksOne) {
  // The picture of the playground in numbers: the same start, two divergences.
  const QuadratureGrid g = grid(5, 96);
  const Mixture2D covering = fit(DivergenceKind::ForwardKL, 0, kTwoFar, start_at(-1, 0.3), 0.5, 60, g);
  const Mixture2D seeking = fit(DivergenceKind::ReverseKL, 0, kTwoFar, start_at(-1, 0.3), 0.2, 100, g);
  EXPECT_GT(covering.covariance(0)(0, 0), 4.0);  // 0.25 + 2²: stretched over both modes
  EXPECT_LT(seeking.covariance(0)(0, 0), 0.3);   // one mode's width
}

TEST(DivergenceFit, AlphaNearItsEndsFitsWhatTheKlsFit) {
  const QuadratureGrid g = grid(6, 96);
  const auto& target = kTwoFar;
  // α -> 1: forward KL (mode covering); the fits agree to O(1 - α).
  const Mixture2D fwd = fit(DivergenceKind::ForwardKL, 0, target, start_at(-1, 0.3), 0.5, 60, g);
  const Mixture2D near1 = fit(DivergenceKind::Alpha, 0.999, target, start_at(-1, 0.3), 0.5, 60, g);
  EXPECT_LT((fwd.mean(0) - near1.mean(0)).norm(), 1e-2);
  EXPECT_LT((fwd.covariance(0) - near1.covariance(0)).cwiseAbs().maxCoeff(), 2e-2);
  // α -> 0: reverse KL (mode seeking).
  const Mixture2D rev = fit(DivergenceKind::ReverseKL, 0, target, start_at(-1, 0.3), 0.2, 100, g);
  const Mixture2D near0 = fit(DivergenceKind::Alpha, 0.001, target, start_at(-1, 0.3), 0.2, 100, g);
  EXPECT_LT((rev.mean(0) - near0.mean(0)).norm(), 1e-2);
  EXPECT_LT((rev.covariance(0) - near0.covariance(0)).cwiseAbs().maxCoeff(), 1e-2);
  // The check can fail: α = ½ fits neither.
  const Mixture2D half = fit(DivergenceKind::Alpha, 0.5, target, start_at(-1, 0.3), 0.2, 100, g);
  EXPECT_GT(std::min((half.covariance(0) - fwd.covariance(0)).norm(), (half.covariance(0) - rev.covariance(0)).norm()), 0.05);
}

TEST(DivergenceFit, AlphaValuesAtTheEndsAreTheKlsAndHalfIsFourHellinger) {
  const QuadratureGrid g = grid(6, 96);
  const Mixture2D q = start_at(0.3, -0.2, 1.5);
  auto value = [&](DivergenceKind kind, double alpha) {
    DivergenceFitOptions o;
    o.divergence = kind;
    o.alpha = alpha;
    o.grid = g;
    DivergenceFitFlow flow(mixture_target(kTwoFar), q, o);
    return flow.objective(q, 0, nullptr);
  };
  const double fwd = value(DivergenceKind::ForwardKL, 0), rev = value(DivergenceKind::ReverseKL, 0);
  EXPECT_EQ(value(DivergenceKind::Alpha, 1.0), fwd);
  EXPECT_EQ(value(DivergenceKind::Alpha, 0.0), rev);
  EXPECT_NEAR(value(DivergenceKind::Alpha, 1.0 - 1e-6), fwd, 1e-5 * fwd);
  EXPECT_NEAR(value(DivergenceKind::Alpha, 1e-6), rev, 1e-5 * rev);
  EXPECT_NEAR(value(DivergenceKind::Alpha, 0.5), 4.0 * value(DivergenceKind::Hellinger, 0), 1e-12);
}

// Runs each kind of flow a few steps with `threads` OpenMP threads; every state's bits.
std::vector<FlowState> few_steps_each(int threads) {
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  std::vector<FlowState> out;
  const QuadratureGrid g = grid(5, 64);
  for (DivergenceKind kind : {DivergenceKind::ReverseKL, DivergenceKind::JensenShannon, DivergenceKind::SlicedWasserstein,
                              DivergenceKind::Sinkhorn})
    for (int model = 0; model < 3; ++model) {
      const DivergenceFitOptions o = small_options(kind, g, 8);
      DivergenceTarget target = mixture_target(kTwoFar, 96);
      FlowState state;
      if (model == 2) {
        state.points = sample_gaussian(64, Eigen::Vector2d(0.2, 0.1), Eigen::Matrix2d::Identity(), CounterRng(1, 1));
        DivergenceFitFlow flow(target, o);
        out.push_back(run(flow, 3, state));
      } else {
        Mixture2D start = model == 0 ? start_at(0.2, 0.1)
                                     : Mixture2D::from_components({{1, Eigen::Vector2d(-0.5, 0), Eigen::Matrix2d::Identity()},
                                                                   {2, Eigen::Vector2d(0.5, 0.2), Eigen::Matrix2d::Identity()}},
                                                                  "start");
        DivergenceFitFlow flow(target, start, o);
        out.push_back(run(flow, 3));
      }
    }
  omp_set_num_threads(saved);
  return out;
}

bool same_bits(const FlowState& a, const FlowState& b) {
  if (a.points != b.points || a.figures.fields.size() != b.figures.fields.size()) return false;
  for (std::size_t k = 0; k < a.figures.fields.size(); ++k)
    if (a.figures.fields[k].grid.values != b.figures.fields[k].grid.values) return false;
  for (std::size_t k = 0; k < a.figures.ellipses.size(); ++k)
    if (a.figures.ellipses[k].means != b.figures.ellipses[k].means ||
        a.figures.ellipses[k].covariances != b.figures.ellipses[k].covariances ||
        a.figures.ellipses[k].values != b.figures.ellipses[k].values)
      return false;
  return true;
}

TEST(DivergenceFit, SameBitsForAnyNumberOfThreads) {
  const std::vector<FlowState> one = few_steps_each(1), two = few_steps_each(2), three = few_steps_each(3);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t k = 0; k < one.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_TRUE(same_bits(one[k], two[k]));
    EXPECT_TRUE(same_bits(one[k], three[k]));
  }
}

TEST(DivergenceFit, ARestoredStateContinuesExactly) {
  // The model lives in the state: continuing from a copy of step 3 gives the bits of step 6.
  DivergenceFitOptions o;
  o.divergence = DivergenceKind::JensenShannon;
  o.grid = grid(5, 64);
  o.step = 0.3;
  const Mixture2D start = Mixture2D::from_components(
      {{1, Eigen::Vector2d(-0.5, 0), Eigen::Matrix2d::Identity()}, {2, Eigen::Vector2d(0.5, 0.2), Eigen::Matrix2d::Identity()}},
      "start");
  DivergenceFitFlow flow(mixture_target(kTwoFar), start, o);
  const FlowState at3 = run(flow, 3);
  const FlowState at6 = run(flow, 3, at3);
  DivergenceFitFlow fresh(mixture_target(kTwoFar), start, o);
  fresh.reset();
  EXPECT_TRUE(same_bits(run(fresh, 3, at3), at6));
  EXPECT_FALSE(same_bits(at3, at6));
}

TEST(DivergenceFit, SampleDivergencesAndParticlesDecreaseTheirLoss) {
  const QuadratureGrid g = grid(6, 64);
  for (DivergenceKind kind : {DivergenceKind::SlicedWasserstein, DivergenceKind::Sinkhorn, DivergenceKind::ForwardKL}) {
    for (bool particles : {false, true}) {
      DivergenceFitOptions o = small_options(kind, g, 32);
      o.step = particles ? 0.2 : (kind == DivergenceKind::ForwardKL ? 0.5 : 0.1);
      DivergenceTarget target = mixture_target(kTwoFar, 128);
      FlowState state;
      std::unique_ptr<DivergenceFitFlow> flow;
      if (particles) {
        state.points = sample_gaussian(64, Eigen::Vector2d(0.2, 0.1), Eigen::Matrix2d::Identity(), CounterRng(1, 1));
        flow = std::make_unique<DivergenceFitFlow>(target, o);
      } else {
        // Two components, which can match the two modes (one Gaussian cannot: its best loss is
        // not far below its start's).
        flow = std::make_unique<DivergenceFitFlow>(
            target,
            Mixture2D::from_components({{1, Eigen::Vector2d(-0.3, 0.1), Eigen::Matrix2d::Identity()},
                                        {1, Eigen::Vector2d(0.3, 0.1), Eigen::Matrix2d::Identity()}},
                                       "start"),
            o);
      }
      state = run(*flow, 1, state);
      const double first = diagnostic(*flow, "loss");
      state = run(*flow, 40, state);
      SCOPED_TRACE(std::string(divergence_name(kind)) + (particles ? " particles" : " mixture"));
      EXPECT_LT(diagnostic(*flow, "loss"), 0.5 * first);
    }
  }
}

}  // namespace
}  // namespace monge
