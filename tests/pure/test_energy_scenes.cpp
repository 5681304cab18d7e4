// Free-energy flows built from scene JSON: the stable Fokker-Planck contract of issue 5 (checked
// against the Ornstein-Uhlenbeck closed form through parse_scene and make_flow), every
// assets/scenes/energy-*.json loading and stepping, and bad fields named by their JSON path.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "app/scene/flow_factory.hpp"
#include "app/scene/scene.hpp"
#include "base/errors.hpp"
#include "solvers/energy/moments.hpp"

namespace monge {
namespace {

const char* kContract = R"({"dim": 2, "seed": 7,
 "source": {"kind": "gaussian", "count": 20000, "mean": [2, -1], "cov": [[0.5, 0.1], [0.1, 0.3]]},
 "flow": {"kind": "fokker-planck",
          "potential": {"kind": "quadratic", "center": [0, 0], "matrix": [[1, 0], [0, 2]]},
          "temperature": 1.0, "dt": 0.005}})";

TEST(EnergyScenes, FokkerPlanckContractFollowsTheOrnsteinUhlenbeckLaw) {
  const Scene scene = parse_scene(nlohmann::json::parse(kContract), ".", "contract.json");
  std::unique_ptr<Flow> flow = make_flow(scene);
  ASSERT_TRUE(flow);
  EXPECT_EQ(flow->kind(), "fokker-planck");
  EXPECT_DOUBLE_EQ(flow->dt(), 0.005);
  FlowState s;
  s.points = scene.source.points;
  flow->initialize(s);
  const double T = 0.5;
  const int steps = static_cast<int>(std::lround(T / flow->dt()));
  for (int k = 0; k < steps; ++k) {
    flow->step(s);
    ++s.step;
    s.time += flow->dt();
  }
  bool has_exact = false;
  for (const auto& [key, value] : flow->diagnostics()) has_exact = has_exact || key == "exact_cov_xx";
  EXPECT_TRUE(has_exact) << "the contract scene reports the exact Gaussian law for the ellipse";
  const int n = static_cast<int>(s.points.rows());
  const Moments m = point_moments(s.points, Eigen::VectorXd::Constant(n, 1.0 / n));
  // A = diag(1, 2): m(t) = e^{-At} m0; Sigma(t) = e^{-At} Sigma0 e^{-At} + A^{-1}(I - e^{-2At}).
  const Eigen::Vector2d a(1, 2), e = (-a * T).array().exp();
  const Eigen::Matrix2d S0{{0.5, 0.1}, {0.1, 0.3}};
  const Eigen::Vector2d mean(e[0] * 2, e[1] * -1);
  Eigen::Matrix2d cov;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) cov(i, j) = e[i] * S0(i, j) * e[j] + (i == j ? (1 - e[i] * e[i]) / a[i] : 0.0);
  // Sampling of the initial cloud and of the noise (5 standard errors, including the initial
  // moments' error propagated by e^{-At}) plus the Euler-Maruyama bias (< 0.01 here).
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(m.mean[i], mean[i], 5 * std::sqrt(cov(i, i) / n) + 0.01) << "mean " << i;
    for (int j = 0; j < 2; ++j)
      EXPECT_NEAR(m.cov(i, j), cov(i, j), 5 * std::sqrt((cov(i, i) * cov(j, j) + cov(i, j) * cov(i, j)) / n) + 0.01)
          << "cov " << i << j;
  }
}

TEST(EnergyScenes, EveryEnergySceneLoadsAndSteps) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(MONGE_SOURCE_DIR) + "/assets/scenes")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("energy-", 0) != 0 || entry.path().extension() != ".json") continue;
    ++count;
    SCOPED_TRACE(name);
    const Scene scene = load_scene(entry.path());
    std::unique_ptr<Flow> flow = make_flow(scene);
    ASSERT_TRUE(flow);
    FlowState s;
    s.points = scene.source.points;
    flow->initialize(s);
    for (int k = 0; k < 2; ++k) {
      flow->step(s);
      ++s.step;
      s.time += flow->dt();
    }
    const Diagnostics d = flow->diagnostics();
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d.front().first, "energy");
    for (const auto& [key, value] : d) EXPECT_TRUE(std::isfinite(value)) << key;
    if (flow->kind() == "jko-grid") {
      ASSERT_FALSE(s.grid.empty());
      double mass = 0;
      for (float v : s.grid.values) mass += v;
      mass *= (s.grid.x1 - s.grid.x0) / s.grid.nx * (s.grid.y1 - s.grid.y0) / s.grid.ny;
      EXPECT_NEAR(mass, 1.0, 1e-4);
    }
  }
  EXPECT_GE(count, 7);
}

void expect_input_error(const std::string& flow_json, const std::string& needle) {
  nlohmann::json j = nlohmann::json::parse(kContract);
  j["flow"] = nlohmann::json::parse(flow_json);
  j["source"]["count"] = 100;
  try {
    const Scene scene = parse_scene(j, ".", "bad.json");
    make_flow(scene);
    FAIL() << "expected an InputError mentioning " << needle;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
  }
}

TEST(EnergyScenes, BadFieldsAreNamedByTheirPath) {
  expect_input_error(R"({"kind": "fokker-planck", "potential": {"kind": "quadratic", "matrix": [[1, 2], [2, 1]]}})",
                     "flow.potential.matrix");
  expect_input_error(R"({"kind": "fokker-planck", "temprature": 1})", "temprature");
  expect_input_error(R"({"kind": "fokker-planck", "dt": -1})", "flow.dt");
  expect_input_error(R"({"kind": "aggregation"})", "interaction");
  expect_input_error(R"({"kind": "aggregation", "interaction": {"kind": "power-law", "a": 1, "b": 1.5}})",
                     "flow.interaction.b");
  expect_input_error(R"({"kind": "porous-medium", "m": 0.5})", "flow.m");
  expect_input_error(R"({"kind": "jko-grid", "grid": {"nx": 32, "bounds": [1, 0, 0, 1]}})", "flow.grid.bounds");
  expect_input_error(R"({"kind": "jko-grid", "grid": {"nx": 32, "bounds": [-0.1, -0.1, 0.1, 0.1]}})", "outside the grid");
  expect_input_error(R"({"kind": "jko-grid", "grid": {"nx": 32, "bounds": [-5, -5, 5, 5]}, "obstacles": [{"kind": "hole"}]})",
                     "flow.obstacles[0].kind");
}

}  // namespace
}  // namespace monge

namespace monge {
namespace {

// A JKO step that cannot converge (dt too large for the entropic blur) stops with an error that
// names the fields to change, instead of showing a density that collapses a few steps later.
TEST(EnergyScenes, UnconvergedJkoStepStopsWithAFix) {
  const char* crowd = R"({"dim": 2, "seed": 4,
   "source": {"kind": "uniform", "shape": "square", "count": 20000, "size": [1.0, 1.6], "center": [-1.3, 0]},
   "flow": {"kind": "jko-grid", "grid": {"nx": 128, "ny": 96, "bounds": [-2, -1.5, 2, 1.5]},
            "initial": "source", "internal": "entropy", "temperature": 0.01,
            "potential": {"kind": "quadratic", "center": [1.8, 0], "matrix": [[1, 0], [0, 1]]},
            "cap": 1.5, "dt": 0.02, "iterations": 60}})";
  const Scene scene = parse_scene(nlohmann::json::parse(crowd), ".", "crowd.json");
  std::unique_ptr<Flow> flow = make_flow(scene);
  FlowState s;
  s.points = scene.source.points;
  flow->initialize(s);
  try {
    for (int k = 0; k < 3; ++k, ++s.step) flow->step(s);
    FAIL() << "expected a SolverError";
  } catch (const SolverError& e) {
    EXPECT_NE(std::string(e.what()).find("did not converge"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("increase flow.epsilon"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace monge
