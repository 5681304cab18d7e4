// The sliced-Wasserstein flow: its step convention, convergence between two uniform clouds,
// Langevin noise, determinism, failure on non-finite states, live setters, and the scene's
// "flow": {"kind": "sliced-wasserstein", ...} object (app/scene/flow_sliced.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "app/scene/flow_factory.hpp"
#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/sliced/sliced_flow.hpp"

using namespace monge;

namespace {

// n points uniform in the unit disk (d = 2) or ball (d = 3), by rejection from the cube.
Points uniform_ball(int n, int d, std::uint64_t seed) {
  const CounterRng rng(seed, 4);
  Points P(n, d);
  std::uint64_t k = 0;
  for (int i = 0; i < n; ++i) {
    for (;;) {
      double r2 = 0;
      for (int j = 0; j < d; ++j) {
        P(i, j) = 2.0f * rng.uniform(k++) - 1.0f;
        r2 += P(i, j) * P(i, j);
      }
      if (r2 <= 1.0) break;
    }
  }
  return P;
}

// n points uniform on the ring 2 <= r <= 2.5 (2D).
Points ring(int n, std::uint64_t seed) {
  const CounterRng rng(seed, 5);
  Points P(n, 2);
  for (int i = 0; i < n; ++i) {
    const double r = std::sqrt(4.0 + 2.25 * rng.uniform(2 * i)), a = 2 * M_PI * rng.uniform(2 * i + 1);
    P(i, 0) = static_cast<float>(r * std::cos(a));
    P(i, 1) = static_cast<float>(r * std::sin(a));
  }
  return P;
}

double sw_between(const Points& X, const Points& Y) {
  SlicedWasserstein engine;
  SlicedOptions o;
  o.projections = 400;
  o.seed = 12345;
  return engine.evaluate(X, {}, Y, {}, o).value;
}

void run(SlicedFlow& flow, FlowState& state, int steps) {
  for (int s = 0; s < steps; ++s) {
    flow.step(state);
    ++state.step;
    state.time += flow.dt();
  }
}

double diagnostic(const Flow& flow, const std::string& name) {
  for (const auto& [k, v] : flow.diagnostics())
    if (k == name) return v;
  ADD_FAILURE() << "no diagnostic " << name;
  return NAN;
}

}  // namespace

TEST(SlicedFlow, StepOneIn1DLandsOnTheMatchedPoints) {
  // d = 1: one direction, and step = 1 moves every particle onto its 1D transport image.
  const int n = 200;
  Measure target;
  target.points = uniform_ball(n, 1, 2) * 3.0f;
  SlicedFlowOptions o;
  o.step = 1.0;
  SlicedFlow flow(target, o, 7);
  FlowState state;
  state.points = uniform_ball(n, 1, 1);
  flow.step(state);
  std::vector<float> a(state.points.data(), state.points.data() + n), b(target.points.data(), target.points.data() + n);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  for (int i = 0; i < n; ++i) EXPECT_NEAR(a[i], b[i], 1e-5f);
  EXPECT_GT(diagnostic(flow, "sw"), 0.1);
  EXPECT_GT(diagnostic(flow, "displacement"), 0.1);
}

TEST(SlicedFlow, HalfStepIn1DMovesHalfWay) {
  const int n = 100;
  Measure target;
  target.points = uniform_ball(n, 1, 4) + Points::Constant(n, 1, 5.0f);
  SlicedFlowOptions o;
  o.step = 0.5;
  SlicedFlow flow(target, o, 1);
  FlowState state;
  state.points = uniform_ball(n, 1, 3);
  const Points before = state.points;
  flow.step(state);
  // Sorted order is kept by a half step towards a monotone map: compare sorted arrays.
  std::vector<float> x(before.data(), before.data() + n), y(target.points.data(), target.points.data() + n),
      z(state.points.data(), state.points.data() + n);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  std::sort(z.begin(), z.end());
  for (int i = 0; i < n; ++i) EXPECT_NEAR(z[i], 0.5f * (x[i] + y[i]), 1e-5f);
}

TEST(SlicedFlow, DiskToRingBringsSwBelowOnePercent) {
  for (int d : {2, 3}) {
    const int n = 1500;
    Measure target;
    if (d == 2) {
      target.points = ring(n, 9);
    } else {
      target.points = uniform_ball(n, 3, 9) * 0.5f;
      target.points.col(0).array() += 2.0f;
    }
    SlicedFlowOptions o;
    o.sw.projections = 32;
    o.step = 1.0;
    SlicedFlow flow(target, o, 3);
    FlowState state;
    state.points = uniform_ball(n, d, 8);
    const double start = sw_between(state.points, target.points);
    run(flow, state, 150);
    const double end = sw_between(state.points, target.points);
    EXPECT_LT(end, 0.01 * start) << "d = " << d << ": SW from " << start << " to " << end;
    EXPECT_LT(diagnostic(flow, "sw"), 0.02 * start);
  }
}

TEST(SlicedFlow, EveryDirectionSchemeAndEstimatorConverges) {
  const int n = 600;
  Measure target;
  target.points = ring(n, 2);
  const double start = sw_between(uniform_ball(n, 2, 1), target.points);
  for (auto scheme : {DirectionScheme::MonteCarlo, DirectionScheme::Orthogonal, DirectionScheme::QuasiMonteCarlo,
                      DirectionScheme::MaxSliced, DirectionScheme::VonMisesFisher})
    for (auto est : {Estimator::Plain, Estimator::LowerCV, Estimator::UpperCV}) {
      const bool uniform_dirs = scheme != DirectionScheme::MaxSliced && scheme != DirectionScheme::VonMisesFisher;
      if (!uniform_dirs && est != Estimator::Plain) continue;
      SlicedFlowOptions o;
      o.sw.projections = 16;
      o.sw.directions = scheme;
      o.sw.estimator = est;
      o.sw.max_iterations = 10;
      o.sw.vmf_iterations = 5;
      o.step = uniform_dirs ? 1.0 : 0.5;
      SlicedFlow flow(target, o, 5);
      FlowState state;
      state.points = uniform_ball(n, 2, 1);
      run(flow, state, 60);
      EXPECT_LT(sw_between(state.points, target.points), 0.2 * start)
          << direction_scheme_name(scheme) << "/" << estimator_name(est);
    }
}

TEST(SlicedFlow, LangevinNoiseHasVariance2NoiseStep) {
  // Target = source: the sliced gradient vanishes, what moves the particles is the noise alone.
  const int n = 20000;
  Measure target;
  target.points = uniform_ball(n, 2, 6);
  SlicedFlowOptions o;
  o.step = 0.5;
  o.noise = 0.01;
  SlicedFlow flow(target, o, 1);
  FlowState state;
  state.points = target.points;
  flow.step(state);
  const Eigen::ArrayXXd diff = (state.points - target.points).cast<double>().array();
  const double var = diff.square().mean();
  EXPECT_NEAR(var, 2 * o.noise * o.step, 0.05 * 2 * o.noise * o.step);
  EXPECT_NEAR(diff.mean(), 0.0, 5e-3);
}

TEST(SlicedFlow, DeterministicAndReplayable) {
  const int n = 800;
  Measure target;
  target.points = ring(n, 3);
  SlicedFlowOptions o;
  o.noise = 1e-3;
  SlicedFlow a(target, o, 11), b(target, o, 11), other(target, o, 12);
  FlowState sa, sb, so;
  sa.points = sb.points = so.points = uniform_ball(n, 2, 4);
  run(a, sa, 5);
  run(b, sb, 3);
  const FlowState saved = sb;
  run(b, sb, 2);
  EXPECT_EQ(sa.points, sb.points);
  run(other, so, 5);
  EXPECT_NE(sa.points, so.points);
  // Replaying steps 3 and 4 from the saved state gives the same positions again.
  FlowState replay = saved;
  run(b, replay, 2);
  EXPECT_EQ(replay.points, sa.points);
}

TEST(SlicedFlow, NonFiniteStateIsASolverError) {
  Measure target;
  target.points = ring(100, 1);
  SlicedFlow flow(target, {}, 1);
  FlowState state;
  state.points = uniform_ball(100, 2, 1);
  state.points(5, 1) = NAN;
  EXPECT_THROW(flow.step(state), SolverError);
  // A step so large that positions overflow.
  state.points = uniform_ball(100, 2, 1) * 1e30f;
  flow.set_step(1e12);
  EXPECT_THROW(flow.step(state), SolverError);
  // Wrong dimension is the user's input.
  state.points = uniform_ball(100, 3, 1);
  EXPECT_THROW(flow.step(state), InputError);
}

TEST(SlicedFlow, SettersValidateAndApply) {
  Measure target;
  target.points = ring(100, 1);
  SlicedFlow flow(target, {}, 1);
  flow.set_step(0.25);
  EXPECT_EQ(flow.dt(), 0.25);
  flow.set_projections(7);
  flow.set_directions(DirectionScheme::Orthogonal);
  flow.set_estimator(Estimator::UpperCV);
  flow.set_noise(0.5);
  flow.set_kappa(3);
  flow.set_p(1);
  EXPECT_EQ(flow.options().sw.projections, 7);
  EXPECT_EQ(flow.options().sw.p, 1);
  EXPECT_THROW(flow.set_step(-1), InputError);
  EXPECT_THROW(flow.set_noise(NAN), InputError);
  EXPECT_THROW(flow.set_projections(0), InputError);
  EXPECT_THROW(flow.set_directions(DirectionScheme::MaxSliced), InputError);  // ucv needs uniform directions
  EXPECT_EQ(flow.options().sw.directions, DirectionScheme::Orthogonal);     // unchanged after the error
  EXPECT_THROW(flow.set_p(3), InputError);
}

TEST(SlicedFlowScene, ReadsTheFlowObjectAndNamesBadFields) {
  Scene scene;
  scene.dim = 2;
  scene.seed = 4;
  scene.file_label = "test.json";
  scene.source.points = uniform_ball(50, 2, 1);
  Measure target;
  target.points = ring(60, 2);
  scene.target = target;
  scene.flow = {{"kind", "sliced-wasserstein"}, {"projections", 12}, {"directions", "qmc"}, {"estimator", "lcv"},
                {"step", 0.5}, {"noise", 0.001}, {"p", 2}, {"kappa", 20}};
  auto flow = make_flow(scene);
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->kind(), "sliced-wasserstein");
  auto* sliced = dynamic_cast<SlicedFlow*>(flow.get());
  ASSERT_NE(sliced, nullptr);
  EXPECT_EQ(sliced->options().sw.projections, 12);
  EXPECT_EQ(sliced->options().sw.directions, DirectionScheme::QuasiMonteCarlo);
  EXPECT_EQ(sliced->options().sw.estimator, Estimator::LowerCV);
  EXPECT_EQ(sliced->options().step, 0.5);
  EXPECT_EQ(sliced->options().noise, 0.001);
  EXPECT_EQ(sliced->options().sw.kappa, 20);

  // Defaults.
  scene.flow = {{"kind", "sliced-wasserstein"}};
  sliced = nullptr;
  flow = make_flow(scene);
  sliced = dynamic_cast<SlicedFlow*>(flow.get());
  ASSERT_NE(sliced, nullptr);
  EXPECT_EQ(sliced->options().sw.projections, 64);
  EXPECT_EQ(sliced->options().sw.directions, DirectionScheme::MonteCarlo);
  EXPECT_EQ(sliced->options().sw.estimator, Estimator::Plain);
  EXPECT_EQ(sliced->options().step, 1.0);
  EXPECT_EQ(sliced->options().noise, 0.0);
  EXPECT_EQ(sliced->options().sw.p, 2);

  auto error = [&](const nlohmann::json& f, bool with_target = true) -> std::string {
    Scene s = scene;
    s.flow = f;
    if (!with_target) s.target.reset();
    try {
      make_flow(s);
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no error)";
  };
  const nlohmann::json base = {{"kind", "sliced-wasserstein"}};
  EXPECT_NE(error(base, false).find("target"), std::string::npos);
  auto with = [&](const char* key, nlohmann::json v) {
    nlohmann::json f = base;
    f[key] = v;
    return error(f);
  };
  EXPECT_NE(with("directions", "random").find("flow.directions"), std::string::npos);
  EXPECT_NE(with("estimator", "xcv").find("flow.estimator"), std::string::npos);
  EXPECT_NE(with("projections", 0).find("flow.projections"), std::string::npos);
  EXPECT_NE(with("step", -1).find("flow.step"), std::string::npos);
  EXPECT_NE(with("p", 3).find("flow.p"), std::string::npos);
  EXPECT_NE(with("projection", 3).find("projection"), std::string::npos);  // typo: unknown key
  nlohmann::json f = base;
  f["directions"] = "max";
  f["estimator"] = "ucv";
  EXPECT_NE(error(f).find("flow.estimator"), std::string::npos);
  EXPECT_NE(error(f).find("test.json"), std::string::npos);
}
