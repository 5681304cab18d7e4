// The scene side of the divergence flows: every shipped divergence-*.json and monge-gap-*.json
// scene (and each of its split-view variants) builds and steps, with the figures and diagnostics
// docs/divergence.md promises; the target read from the flow, from a scene mixture (exact) or from
// a point cloud (KDE); and errors that name the JSON path.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "app/scene/flow_factory.hpp"
#include "app/scene/simulation.hpp"
#include "solvers/common/random.hpp"
#include "solvers/common/shapes.hpp"
#include "solvers/divergence/divergence_fit.hpp"
#include "tests/common/input_errors.hpp"

namespace monge {
namespace {

std::vector<std::filesystem::path> shipped_scenes() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(MONGE_SOURCE_DIR) + "/assets/scenes")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("divergence-", 0) == 0 || name.rfind("monge-gap-", 0) == 0) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> names_of(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& [k, v] : d) out.push_back(k);
  return out;
}

std::set<std::string> figure_names(const FlowState& s) {
  std::set<std::string> out;
  for (const auto& e : s.figures.ellipses) out.insert("ellipses:" + e.name);
  for (const auto& a : s.figures.arrows) out.insert("arrows:" + a.name);
  for (const auto& f : s.figures.fields) out.insert("field:" + f.name);
  return out;
}

TEST(DivergenceScenes, EveryShippedSceneAndVariantSteps) {
  const auto scenes = shipped_scenes();
  ASSERT_GE(scenes.size(), 7u);
  for (const auto& path : scenes) {
    const Scene scene = load_scene(path);
    std::vector<Scene> runs = {scene};
    for (const auto& v : scene.compare) runs.push_back(variant_scene(scene, v));
    for (const Scene& s : runs) {
      SCOPED_TRACE(path.filename().string() + " " + s.flow.dump());
      Simulation sim(s);
      const std::set<std::string> at_start = figure_names(sim.state());
      sim.step();
      sim.step();
      EXPECT_EQ(figure_names(sim.state()), at_start) << "the same figures, by name, for the whole run";
      const auto names = names_of(sim.history().back().values);
      for (const auto& [k, v] : sim.history().back().values) EXPECT_TRUE(std::isfinite(v)) << k;
      if (s.flow["kind"] == "monge-gap") {
        EXPECT_EQ(at_start, (std::set<std::string>{"arrows:x -> T(x)"}));
        EXPECT_EQ(names[0], "loss");
        EXPECT_EQ(names[1], "fitting");
        EXPECT_EQ(names[2], "monge_gap");
        EXPECT_EQ(names.size(), 4u) << "both measures are Gaussian: map_error";
      } else {
        EXPECT_TRUE(at_start.count("field:target density") && at_start.count("field:model density") &&
                    at_start.count("ellipses:model"));
        EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 4),
                  (std::vector<std::string>{"loss", "kl_forward", "kl_reverse", "js"}));
      }
    }
  }
}

Scene base_scene() {
  Scene s;
  s.dim = 2;
  s.seed = 4;
  s.file_label = "test.json";
  s.source.points = sample_gaussian(64, Eigen::Vector2d(0.5, 0.0), Eigen::Matrix2d::Identity(), CounterRng(1, 2));
  return s;
}

DivergenceFitFlow* fit_of(const std::unique_ptr<Flow>& f) { return dynamic_cast<DivergenceFitFlow*>(f.get()); }

TEST(DivergenceScenes, TargetFromTheFlowFromAMixtureOrFromPoints) {
  Scene s = base_scene();
  s.flow = {{"kind", "divergence-fit"}, {"target", {{"modes", 3}, {"separation", 2.0}, {"spread", 0.3}, {"balance", 2.0}}}};
  auto flow = make_flow(s);
  ASSERT_NE(fit_of(flow), nullptr);
  const DivergenceTarget& t = fit_of(flow)->target();
  EXPECT_EQ(t.modes, 3);
  const Eigen::VectorXd w = t.density.weights();
  EXPECT_NEAR(w[2] / w[0], 4.0, 1e-12);
  EXPECT_NEAR((t.density.mean(0) - t.density.mean(1)).norm(), 2.0, 1e-12);  // neighbours `separation` apart
  EXPECT_NEAR(t.density.mean(0)[1], 0.0, 1e-12);
  EXPECT_LT(t.density.mean(0)[0], 0.0);  // mode 0 on the left

  // A scene mixture target: its exact density, one mode per component.
  s.flow = {{"kind", "divergence-fit"}, {"divergence", "forward-kl"}};
  s.target_spec = nlohmann::json::parse(R"({"kind": "gaussian-mixture", "components": [
      {"weight": 1, "mean": [-1, 0]}, {"weight": 3, "mean": [1, 0], "cov": [[0.5, 0], [0, 0.5]]}]})");
  s.target = Measure{sample_gaussian(100, Eigen::Vector2d::Zero(), Eigen::Matrix2d::Identity(), CounterRng(3, 3)), {}};
  flow = make_flow(s);
  EXPECT_EQ(fit_of(flow)->target().modes, 2);
  EXPECT_NEAR(fit_of(flow)->target().density.weights()[1], 0.75, 1e-12);
  EXPECT_NEAR(fit_of(flow)->target().density.covariance(1)(0, 0), 0.5, 1e-12);
  FlowState state = initial_state(s);
  flow->initialize(state);
  flow->step(state);
  EXPECT_EQ(flow->diagnostics().size(), 6u);  // loss, kl_forward, kl_reverse, js, mode_0, mode_1

  // Any other target: the KDE of its points, no modes.
  s.target_spec = {{"kind", "points"}};
  flow = make_flow(s);
  EXPECT_EQ(fit_of(flow)->target().modes, 0);
  EXPECT_EQ(fit_of(flow)->target().density.size(), 100);
  flow->initialize(state);
  flow->step(state);
  EXPECT_EQ(flow->diagnostics().size(), 4u);
}

TEST(DivergenceScenes, ModelsStartFromTheSource) {
  Scene s = base_scene();
  s.flow = {{"kind", "divergence-fit"}, {"model", "mixture"}, {"components", 4}, {"target", {{"modes", 2}}}};
  auto flow = make_flow(s);
  FlowState state = initial_state(s);
  flow->initialize(state);
  const Mixture2D q = fit_of(flow)->model_of(state);
  EXPECT_EQ(q.size(), 4);
  EXPECT_EQ(state.points.rows(), 256);  // `samples` draws of the model
  s.flow = {{"kind", "divergence-fit"}, {"model", "particles"}, {"target", {{"modes", 2}}}};
  flow = make_flow(s);
  state = initial_state(s);
  flow->initialize(state);
  EXPECT_EQ(state.points, s.source.points) << "the particles are the source";
}

TEST(DivergenceScenes, BadFlowsNameTheirField) {
  Scene s = base_scene();
  auto error = [&](nlohmann::json flow) {
    s.flow = std::move(flow);
    return test::error_of([&] { make_flow(s); });
  };
  const nlohmann::json two = {{"modes", 2}};
  EXPECT_NE(error({{"kind", "divergence-fit"}, {"divergence", "kl"}, {"target", two}}).find("flow.divergence: unknown value \"kl\" (expected one of: forward-kl"), std::string::npos);
  EXPECT_NE(error({{"kind", "divergence-fit"}, {"divergence", "alpha"}, {"alpha", 1.5}, {"target", two}}).find("flow.alpha"), std::string::npos);
  EXPECT_NE(error({{"kind", "divergence-fit"}, {"components", 2}, {"target", two}}).find("flow.components: only the mixture"), std::string::npos);
  EXPECT_NE(error({{"kind", "divergence-fit"}, {"target", two}, {"stepp", 1}}).find("flow.stepp: unknown field"), std::string::npos);
  EXPECT_NE(error({{"kind", "divergence-fit"}, {"target", {{"modes", 2}, {"weights", {1, 2, 3}}}}}).find("flow.target.weights"), std::string::npos);
  EXPECT_NE(error({{"kind", "divergence-fit"}}).find("flow: the divergence-fit flow needs a target"), std::string::npos);
  EXPECT_NE(error({{"kind", "divergence-fit"}, {"target", two}, {"grid", {{"bounds", {1, 0, 0, 1}}}}}).find("flow.grid.bounds"), std::string::npos);
  EXPECT_NE(error({{"kind", "monge-gap"}}).find("needs a \"target\" measure"), std::string::npos);
  s.target = Measure{s.source.points, {}};
  s.target_spec = {{"kind", "points"}};
  EXPECT_NE(error({{"kind", "divergence-fit"}, {"target", two}}).find("flow.target: the scene has a \"target\" measure too"), std::string::npos);
  EXPECT_NE(error({{"kind", "monge-gap"}, {"lamda", 1}}).find("flow.lamda: unknown field"), std::string::npos);
  EXPECT_NE(error({{"kind", "monge-gap"}, {"lambda", -1}}).find("flow.lambda"), std::string::npos);
  EXPECT_NE(error({{"kind", "monge-gap"}, {"map", "deep"}}).find("flow.map"), std::string::npos);
  s.dim = 3;
  s.source.points = Points::Zero(4, 3);
  EXPECT_NE(error({{"kind", "divergence-fit"}, {"target", two}}).find("is 2D"), std::string::npos);
}

}  // namespace
}  // namespace monge
