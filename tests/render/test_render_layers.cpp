// The layer registry (app/canvas): which layers a scene gets, their settings in and out of the
// scene's "view", figures from a flow's state, the velocity arrows (the worked example of
// docs/architecture.md), and picking a point under a pixel in 2D and 3D.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "app/canvas/layers/particles_layer.hpp"
#include "app/canvas/layers/velocity_layer.hpp"
#include "render/colorbar.hpp"
#include "app/canvas/scene_canvas.hpp"
#include "app/scene/simulation.hpp"
#include "base/errors.hpp"
#include "render/gl/egl_context.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;

namespace {

constexpr int kSize = 160;

std::vector<std::string> names(const SceneCanvas& canvas) {
  std::vector<std::string> out;
  for (const auto& layer : canvas.layers()) out.push_back(layer->name());
  return out;
}

Scene parse(const char* json) { return parse_scene(nlohmann::json::parse(json), ".", "layers.json"); }

ViewSettings view_of(const Scene& scene) { return parse_view(JsonNode(scene.view, scene.file_label, "view"), scene.dim); }

// Pixels whose colour is not the background's.
int lit_pixels(const Image& im, int x0, int x1) {
  int n = 0;
  for (int y = 0; y < im.height; ++y)
    for (int x = x0; x < x1; ++x) n += im.pixel(x, y)[0] > 60;
  return n;
}

class LayersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { context_ = new EglContext(); }
  static void TearDownTestSuite() { delete context_; }
  Image draw(SceneCanvas& canvas, const Camera& camera) {
    target_.bind();
    canvas.draw(camera, Viewport{kSize, kSize});
    frame::finish("layer test");
    Image image;
    read_pixels(kSize, kSize, image);
    return image;
  }
  static EglContext* context_;
  Framebuffer target_{kSize, kSize};
};
EglContext* LayersTest::context_ = nullptr;

}  // namespace

TEST_F(LayersTest, EachSceneGetsTheLayersItsContentCalls) {
  const Scene particles = parse(R"({"dim": 2, "seed": 1, "captions": [{"at": 0, "text": "hello"}],
    "source": {"kind": "gaussian", "count": 50, "mean": [0, 0], "cov": [[1, 0], [0, 1]]},
    "target": {"kind": "gaussian", "count": 40, "mean": [2, 0], "cov": [[1, 0], [0, 1]]},
    "flow": {"kind": "sliced-wasserstein", "step": 0.5, "projections": 8}})");
  SceneCanvas canvas;
  FlowState state;
  state.points = particles.source.points;
  canvas.set_scene(particles, view_of(particles), state);
  EXPECT_EQ(names(canvas), (std::vector<std::string>{"density", "target", "trails", "particles", "transport plan",
                                                      "exact solution", "velocity", "selection", "captions"}));

  const Scene grid = parse(R"({"dim": 2, "seed": 2,
    "source": {"kind": "uniform", "shape": "disk", "count": 100, "radius": 1},
    "flow": {"kind": "jko-grid", "grid": {"nx": 32, "ny": 32, "bounds": [-2, -2, 2, 2]},
             "initial": {"kind": "barenblatt", "m": 2, "t0": 0.1},
             "internal": "porous-medium", "m": 2, "coefficient": 1, "dt": 0.005}})");
  Simulation sim(grid);
  canvas.set_scene(grid, view_of(grid), sim.state());
  EXPECT_EQ(names(canvas), (std::vector<std::string>{"density", "selection"})) << "a grid flow moves its density, not particles";

  const Scene meshes = parse(R"({"dim": 3, "seed": 3,
    "source": {"kind": "mesh", "path": "builtin:icosphere?subdivisions=1"},
    "target": {"kind": "mesh", "path": "builtin:ellipsoid"}})");
  FlowState mesh_state;
  mesh_state.points = meshes.source.points;
  canvas.set_scene(meshes, view_of(meshes), mesh_state);
  EXPECT_EQ(names(canvas), (std::vector<std::string>{"mesh", "target mesh", "selection"}));
}

TEST_F(LayersTest, FiguresOfTheFirstStateGetALayerEach) {
  const Scene scene = parse(R"({"dim": 2, "source": {"kind": "gaussian", "count": 10, "mean": [0, 0], "cov": [[1, 0], [0, 1]]}})");
  FlowState state;
  state.points = scene.source.points;
  EllipseSet e;
  e.name = "batch";
  e.means = Points::Zero(1, 2);
  e.covariances.resize(1, 4);
  e.covariances << 1.0f, 0.0f, 0.0f, 0.25f;  // 2 sigma: half-axes 2 and 1
  state.figures.ellipses.push_back(e);
  SceneCanvas canvas;
  ViewSettings view = view_of(scene);
  view.show_source = false;
  canvas.set_scene(scene, view, state);
  ASSERT_NE(canvas.find("ellipses: batch"), nullptr);
  Camera camera;
  camera.half_height = 2.5f;  // 32 px per world unit
  const Image im = draw(canvas, camera);
  // The ellipse crosses the x axis at +-2 (x = 80 +- 64) and the y axis at +-1 (y = 80 -+ 32).
  EXPECT_GT(im.pixel(80 + 64, 80)[0], 100);
  EXPECT_GT(im.pixel(80, 80 - 32)[0], 100);
  EXPECT_LT(im.pixel(80, 80)[0], 60) << "nothing drawn at the centre";
  // Its settings live in the "figures" section and come back from it.
  const ViewSettings out = canvas.settings();
  ASSERT_TRUE(out.sections.contains("figures"));
  EXPECT_EQ(out.sections["figures"]["batch"]["show"], true);
}

TEST_F(LayersTest, VelocityArrowsPointAlongTheMotion) {
  const Scene scene = parse(R"({"dim": 2, "seed": 4,
    "source": {"kind": "gaussian", "count": 20, "mean": [-1, 0], "cov": [[0.001, 0], [0, 0.001]]},
    "flow": {"kind": "sliced-wasserstein", "step": 0.5, "projections": 4},
    "view": {"show_source": false, "velocity": {"show": true, "scale": 4}}})");
  FlowState state;
  state.points = scene.source.points;
  SceneCanvas canvas;
  canvas.set_scene(scene, view_of(scene), state);
  Camera camera;
  camera.half_height = 2.5f;
  EXPECT_EQ(lit_pixels(draw(canvas, camera), 0, kSize), 0) << "no velocity before a second state";
  state.points.col(0).array() += 0.5f;  // every particle moved +0.5 in x over t = 1
  state.time = 1.0;
  canvas.set_state(state);
  const Image im = draw(canvas, camera);
  // The particles sit at x = -0.5 (pixel 64); the arrows, 4 * 8% of the view (51 px) long, point right.
  EXPECT_GT(lit_pixels(im, 100, 120), 0);
  EXPECT_EQ(lit_pixels(im, 0, 60), 0) << "nothing points left";
  const auto* layer = dynamic_cast<const VelocityLayer*>(canvas.find("velocity"));
  ASSERT_NE(layer, nullptr);
  EXPECT_FLOAT_EQ(layer->velocities()(0, 0), 0.5f);
  EXPECT_FLOAT_EQ(layer->velocities()(0, 1), 0.0f);
}

TEST_F(LayersTest, SettingsGoBackToTheViewAndBadSectionsAreRefused) {
  const Scene scene = parse(R"({"dim": 2, "source": {"kind": "gaussian", "count": 10, "mean": [0, 0], "cov": [[1, 0], [0, 1]]},
    "flow": {"kind": "sliced-wasserstein", "step": 0.5, "projections": 4},
    "view": {"point_size": 5, "colormap": "turbo", "trails": 7, "target_opacity": 0.5, "velocity": {"scale": 2}}})");
  FlowState state;
  state.points = scene.source.points;
  SceneCanvas canvas;
  canvas.set_scene(scene, view_of(scene), state);
  const nlohmann::json out = view_to_json(canvas.settings(), nullptr);
  EXPECT_EQ(out["point_size"], 5.0f);
  EXPECT_EQ(out["colormap"], "turbo");
  EXPECT_EQ(out["trails"], 7);
  EXPECT_EQ(out["velocity"]["scale"], 2.0f);
  EXPECT_EQ(out["velocity"]["show"], false);
  EXPECT_EQ(out["target_opacity"], 0.5f) << "a layer this scene lacks keeps the file's value";
  // A section no layer claims, and a bad value inside a layer's own section.
  const Scene typo = parse(R"({"dim": 2, "source": {"kind": "gaussian", "count": 3, "mean": [0, 0], "cov": [[1, 0], [0, 1]]},
    "view": {"velocityy": {"show": true}}})");
  EXPECT_ERROR_CONTAINS(canvas.set_scene(typo, view_of(typo), state), "layers.json: view.velocityy: unknown key");
  EXPECT_EQ(names(canvas).size(), 6u) << "a refused scene leaves the canvas as it was";
  const Scene bad = parse(R"({"dim": 2, "source": {"kind": "gaussian", "count": 3, "mean": [0, 0], "cov": [[1, 0], [0, 1]]},
    "flow": {"kind": "sliced-wasserstein", "step": 0.5, "projections": 4},
    "view": {"velocity": {"scale": -1}}})");
  EXPECT_ERROR_CONTAINS(canvas.set_scene(bad, view_of(bad), state), "view.velocity.scale");
}

TEST_F(LayersTest, PickingFindsThePointUnderThePixelIn2DAnd3D) {
  Scene scene;
  scene.dim = 3;
  scene.source.points.resize(5, 3);
  scene.source.points << 0, 0, 0, 0.5f, 0, 0, 0, 0.5f, 0, -0.5f, -0.5f, 0.5f, 0.5f, 0.5f, -0.5f;
  FlowState state;
  state.points = scene.source.points;
  SceneCanvas canvas;
  canvas.set_scene(scene, ViewSettings(), state);
  const Viewport vp{kSize, kSize};
  for (ViewMode mode : {ViewMode::Planar2D, ViewMode::Orbit3D}) {
    Camera camera;
    camera.mode = mode;
    camera.fit(glm::vec3(-1.0f), glm::vec3(1.0f), vp);
    const glm::mat4 m = camera.view_projection(vp);
    for (int k = 0; k < 5; ++k) {
      const glm::vec4 clip = m * glm::vec4(scene.source.points(k, 0), scene.source.points(k, 1),
                                           mode == ViewMode::Planar2D ? 0.0f : scene.source.points(k, 2), 1.0f);
      const glm::vec2 pixel((clip.x / clip.w * 0.5f + 0.5f) * kSize, (0.5f - clip.y / clip.w * 0.5f) * kSize);
      const auto pick = canvas.pick(camera, vp, pixel + glm::vec2(1.5f, -1.0f), 4.0f);
      ASSERT_TRUE(pick.has_value()) << "point " << k;
      EXPECT_EQ(pick->index, k);
      EXPECT_EQ(pick->layer, "particles");
    }
    EXPECT_FALSE(canvas.pick(camera, vp, glm::vec2(2.0f, 2.0f), 4.0f).has_value()) << "a corner holds no point";
  }
}

TEST_F(LayersTest, ColourBarsSpanTheColouringsValues) {
  const Scene scene = parse(R"({"dim": 2, "seed": 5,
    "source": {"kind": "gaussian", "count": 200, "mean": [0.3, 0], "cov": [[1, 0], [0, 1]]},
    "flow": {"kind": "sliced-wasserstein", "step": 0.5, "projections": 4},
    "view": {"color_by": "x", "colorbar": true}})");
  FlowState state;
  state.points = scene.source.points;
  SceneCanvas canvas;
  canvas.set_scene(scene, view_of(scene), state);
  const auto* particles = dynamic_cast<const ParticlesLayer*>(canvas.find("particles"));
  ASSERT_NE(particles, nullptr);
  FieldLegend legend = particles->legend();
  EXPECT_FLOAT_EQ(legend.lo, scene.source.points.col(0).minCoeff());
  EXPECT_FLOAT_EQ(legend.hi, scene.source.points.col(0).maxCoeff());
  const Colorbar bar = make_colorbar(legend.colormap, legend.lo, legend.hi, false, 64);
  ASSERT_GE(bar.ticks.size(), 3u);
  for (const auto& tick : bar.ticks) {
    EXPECT_GE(tick.value, legend.lo);
    EXPECT_LE(tick.value, legend.hi);
  }
  EXPECT_LT(bar.ticks.front().value - legend.lo, bar.ticks[1].value - bar.ticks[0].value) << "ticks start at the low end";

  // By speed: particle i moves by 0.01 i over t = 2, so the scale tops at the fastest, 0.005 * 199.
  ViewSettings by_speed = canvas.settings();
  by_speed.color_by = ColorBy::Speed;
  canvas.apply_settings(by_speed);
  canvas.set_state(state);
  for (int i = 0; i < state.points.rows(); ++i) state.points(i, 1) += 0.01f * i;
  state.time = 2.0;
  canvas.set_state(state);
  legend = particles->legend();
  EXPECT_EQ(legend.label, "speed");
  EXPECT_FLOAT_EQ(legend.lo, 0.0f);
  EXPECT_NEAR(legend.hi, 0.005f * 199, 1e-5f);
  EXPECT_NEAR(particles->scalars()[100], 0.5f, 1e-5f);
}
