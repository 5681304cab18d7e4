// The Gaussian world's flows built from scene JSON (app/scene/flow_gaussian.cpp): every shipped
// assets/scenes/gaussian-*.json and diffusion-*.json (and each split-view variant) loads, fills its
// figures in initialize() and keeps them by name while stepping, deterministically; the contracts
// at the flow level (the geodesic ends on the target, the barycentre iterate reaches the fixed
// point, the normalised batch's barycentre is the identity to 1e-6, a resumed state replays the
// same step); and bad fields are reported with their JSON path.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "app/scene/flow_factory.hpp"
#include "app/scene/scene.hpp"
#include "base/errors.hpp"
#include "tests/common/input_errors.hpp"

namespace monge {
namespace {

Scene parse(const std::string& text) { return parse_scene(nlohmann::json::parse(text), ".", "g.json"); }

double diagnostic(const Flow& flow, const std::string& name) {
  for (const auto& [key, value] : flow.diagnostics())
    if (key == name) return value;
  ADD_FAILURE() << "no diagnostic " << name;
  return NAN;
}

void advance(Flow& flow, FlowState& s, int steps) {
  for (int k = 0; k < steps; ++k) {
    flow.step(s);
    ++s.step;
    s.time += flow.dt();
  }
}

FlowState start(const Scene& scene, Flow& flow) {
  FlowState s;
  s.points = scene.source.points;
  flow.initialize(s);
  return s;
}

std::vector<std::string> figure_names(const FlowFigures& f) {
  std::vector<std::string> names;
  for (const auto& e : f.ellipses) names.push_back("ellipses:" + e.name);
  for (const auto& a : f.arrows) names.push_back("arrows:" + a.name);
  for (const auto& g : f.fields) names.push_back("field:" + g.name);
  return names;
}

bool shipped(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return p.extension() == ".json" && (name.rfind("gaussian-", 0) == 0 || name.rfind("diffusion-", 0) == 0);
}

TEST(GaussianScenes, ShippedScenesStepWithStableFigures) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(MONGE_SOURCE_DIR) + "/assets/scenes")) {
    if (!shipped(entry.path())) continue;
    const Scene scene = load_scene(entry.path());
    std::vector<Scene> variants;
    if (scene.compare.empty()) variants.push_back(scene);
    for (const SceneVariant& v : scene.compare) variants.push_back(variant_scene(scene, v));
    for (const Scene& sc : variants) {
      ++count;
      SCOPED_TRACE(entry.path().filename().string() + " " + sc.flow.dump());
      std::unique_ptr<Flow> flow = make_flow(sc);
      ASSERT_TRUE(flow);
      FlowState s = start(sc, *flow);
      EXPECT_FALSE(s.figures.empty());
      const std::vector<std::string> names = figure_names(s.figures);
      advance(*flow, s, 3);
      EXPECT_EQ(figure_names(s.figures), names);
      EXPECT_TRUE(s.points.allFinite());
      EXPECT_EQ(s.points.rows(), sc.source.size());
      ASSERT_FALSE(flow->diagnostics().empty());
      for (const auto& [key, value] : flow->diagnostics()) EXPECT_TRUE(std::isfinite(value)) << key;
      for (const auto& e : s.figures.ellipses) {
        EXPECT_EQ(e.covariances.cols(), e.means.cols() * e.means.cols()) << e.name;
        EXPECT_TRUE(e.covariances.allFinite()) << e.name;
      }
      // Same scene, same seed: the same points.
      std::unique_ptr<Flow> again = make_flow(sc);
      FlowState t = start(sc, *again);
      advance(*again, t, 3);
      EXPECT_EQ(s.points, t.points);
    }
  }
  EXPECT_GE(count, 10);
}

const char* kGeodesic = R"({"dim": 2, "seed": 1,
  "source": {"kind": "gaussian", "count": 3000, "mean": [-1, 0], "cov": [[0.8, 0.1], [0.1, 0.1]]},
  "target": {"kind": "gaussian", "count": 10, "mean": [1, 0.5], "cov": [[0.2, 0], [0, 0.6]]},
  "flow": {"kind": "gaussian-geodesic", "steps": 10, "metric": "gbw", "M": {"angle": 30, "major": 4, "minor": 0.5}}})";

TEST(GaussianScenes, GeodesicEndsOnTheTargetAtConstantSpeed) {
  const Scene scene = parse(kGeodesic);
  std::unique_ptr<Flow> flow = make_flow(scene);
  FlowState s = start(scene, *flow);
  advance(*flow, s, 4);
  EXPECT_NEAR(diagnostic(*flow, "w2_from_start"), 0.4 * diagnostic(*flow, "w2"), 1e-9);
  advance(*flow, s, 8);  // past t = 1: holds
  EXPECT_DOUBLE_EQ(diagnostic(*flow, "t"), 1.0);
  EXPECT_NEAR(diagnostic(*flow, "w2_to_end"), 0.0, 1e-6);
  const EllipseSet& shown = s.figures.ellipses.front();
  EXPECT_EQ(shown.name, "geodesic");
  EXPECT_NEAR(shown.covariances(0, 3), 0.6f, 1e-6f);
  EXPECT_NEAR(shown.means(0, 1), 0.5f, 1e-6f);
  // The particles are the source points pushed by the optimal affine map: their covariance is
  // the target's up to sampling.
  const Eigen::MatrixXd X = s.points.cast<double>();
  const Eigen::MatrixXd centred = X.rowwise() - X.colwise().mean();
  const Eigen::MatrixXd cov = centred.transpose() * centred / X.rows();
  EXPECT_NEAR(cov(1, 1), 0.6, 0.05);
  EXPECT_NEAR(cov(0, 0), 0.2, 0.02);
  bool has_bw = false;
  for (const auto& e : s.figures.ellipses) has_bw = has_bw || (e.name == "BW geodesic" && e.dashed);
  EXPECT_TRUE(has_bw);
}

TEST(GaussianScenes, BarycentreIterateReachesTheFixedPointAndReplays) {
  const Scene scene = load_scene(std::string(MONGE_SOURCE_DIR) + "/assets/scenes/gaussian-barycentre.json");
  std::unique_ptr<Flow> flow = make_flow(scene);
  FlowState s = start(scene, *flow);
  const double substeps = 1.0 / flow->dt();
  advance(*flow, s, static_cast<int>(30 * substeps));
  EXPECT_LT(diagnostic(*flow, "w2_to_barycentre"), 1e-6);
  EXPECT_LT(diagnostic(*flow, "residual"), 1e-6);
  // A state resumed at an earlier step (a timeline frame) gives the same next state.
  std::unique_ptr<Flow> fresh = make_flow(scene);
  FlowState early = start(scene, *fresh);
  advance(*fresh, early, 7);
  FlowState resumed = early;
  advance(*flow, resumed, 1);  // `flow` is far ahead: it must replay
  advance(*fresh, early, 1);
  EXPECT_EQ(resumed.points, early.points);
  EXPECT_EQ(resumed.figures.ellipses[1].covariances, early.figures.ellipses[1].covariances);
}

TEST(GaussianScenes, BatchNormEndsCentredAtTheIdentity) {
  const Scene scene = load_scene(std::string(MONGE_SOURCE_DIR) + "/assets/scenes/gaussian-batch-norm.json");
  for (const SceneVariant& v : scene.compare) {
    SCOPED_TRACE(v.label);
    const Scene sc = variant_scene(scene, v);
    std::unique_ptr<Flow> flow = make_flow(sc);
    FlowState s = start(sc, *flow);
    EXPECT_GT(diagnostic(*flow, "barycentre_to_identity"), 0.1);
    advance(*flow, s, static_cast<int>(std::lround(1 / flow->dt())));
    EXPECT_DOUBLE_EQ(diagnostic(*flow, "t"), 1.0);
    EXPECT_LT(diagnostic(*flow, "barycentre_to_identity"), 1e-6);
    EXPECT_NEAR(diagnostic(*flow, "spread"), diagnostic(*flow, "spread_after"), 1e-6);
  }
}

TEST(GaussianScenes, ExactSamplerSceneRunsToTheData) {
  const Scene scene = load_scene(std::string(MONGE_SOURCE_DIR) + "/assets/scenes/diffusion-probability-flow.json");
  std::unique_ptr<Flow> flow = make_flow(scene);
  FlowState s = start(scene, *flow);
  const double before = diagnostic(*flow, "sw_to_data");
  advance(*flow, s, static_cast<int>(std::lround(4.0 / flow->dt())));
  EXPECT_DOUBLE_EQ(diagnostic(*flow, "t"), 0.0);
  EXPECT_LT(diagnostic(*flow, "sw_to_data"), 0.1);
  EXPECT_GT(before, 5 * diagnostic(*flow, "sw_to_data"));
  EXPECT_LT(diagnostic(*flow, "curl_ratio"), 1e-3);
}

TEST(GaussianScenes, ForwardNoisingLowersTheKl) {
  const Scene scene = load_scene(std::string(MONGE_SOURCE_DIR) + "/assets/scenes/diffusion-forward.json");
  std::unique_ptr<Flow> flow = make_flow(scene);
  FlowState s = start(scene, *flow);
  const double kl0 = diagnostic(*flow, "kl_to_noise");
  advance(*flow, s, 50);
  const double kl1 = diagnostic(*flow, "kl_to_noise");
  EXPECT_LT(kl1, kl0);
  EXPECT_GT(kl1, 0);
  // The particles' second moment follows the OU law: E|X_t|^2 = a^2 E|X_0|^2 + 2 (1 - a^2).
  const double a = std::exp(-diagnostic(*flow, "t"));
  const double m0 = scene.source.points.cast<double>().rowwise().squaredNorm().mean();
  const double m1 = s.points.cast<double>().rowwise().squaredNorm().mean();
  EXPECT_NEAR(m1, a * a * m0 + 2 * (1 - a * a), 0.1);
}

TEST(GaussianScenes, BadFieldsNameTheirPath) {
  auto with_flow = [](const std::string& flow, const std::string& source = R"({"kind": "gaussian"})",
                      const std::string& target = R"({"kind": "gaussian"})") {
    return parse(R"({"dim": 2, "source": )" + source + R"(, "target": )" + target + R"(, "flow": )" + flow + "}");
  };
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "gaussian-geodesic", "metric": "gbw", "M": [[1, 2], [2, 1]]})")),
                        "g.json: flow.M: not symmetric positive definite");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "gaussian-geodesic", "metric": "gbw"})")), "flow.M: missing field");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "gaussian-geodesic", "M": [[1, 0], [0, 1]]})")),
                        "flow.M: only used with \"metric\": \"gbw\"");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "gaussian-geodesic", "metric": "ai"})")),
                        "flow.metric: ");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "gaussian-geodesic"})", R"({"kind": "uniform", "shape": "disk"})")),
                        "g.json: source.kind: gaussian-geodesic needs a measure of \"kind\": \"gaussian\"");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "gaussian-barycentre"})")),
                        "target.kind: gaussian-barycentre averages the components of a \"gaussian-mixture\" target");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "spd-batch-norm", "spread": 1000})")), "g.json: flow.spread: ");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "spd-batch-norm", "batch": {"count": 1}})")),
                        "flow.batch.count: ");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "diffusion-sampler", "field": "score"})")), "flow.field: ");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "diffusion-sampler", "training": {"widht": 3}})")),
                        "flow.training.widht: unknown field");
  EXPECT_ERROR_CONTAINS(make_flow(with_flow(R"({"kind": "diffusion-forward", "window": [1, 0, 0, 1]})")),
                        "flow.window: expected [x0, y0, x1, y1]");
  EXPECT_ERROR_CONTAINS(
      make_flow(parse(R"({"dim": 3, "source": {"kind": "gaussian"}, "flow": {"kind": "diffusion-forward"}})")),
      "flow.kind: diffusion-forward is 2D only");
  EXPECT_ERROR_CONTAINS(
      make_flow(with_flow(R"({"kind": "diffusion-sampler", "horizon": 0.2, "training": {"t_min": 0.5}})")),
      "flow.horizon: must exceed training.t_min");
}

}  // namespace
}  // namespace monge
