// Density fields on the scene canvas (app/canvas/layers/density_layer): a grid flow's density is drawn as a
// coloured field on the auto range, and particles can be shown as a kernel density estimate.
#include <gtest/gtest.h>

#include "app/scene/simulation.hpp"
#include "app/canvas/offscreen.hpp"
#include "render/colormap.hpp"
#include "render/image.hpp"

using namespace monge;

namespace {

std::array<int, 3> pixel(const Image& im, int x, int y) {
  const std::size_t k = (static_cast<std::size_t>(y) * im.width + x) * 4;
  return {im.rgba[k], im.rgba[k + 1], im.rgba[k + 2]};
}

int distance(const std::array<int, 3>& a, const std::array<float, 3>& rgb) {
  int worst = 0;
  for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(a[c] - static_cast<int>(std::lround(rgb[c] * 255))));
  return worst;
}

// Fraction of pixels whose colour is not the background.
double covered(const Image& im, const std::array<float, 3>& background) {
  int n = 0;
  for (int y = 0; y < im.height; ++y)
    for (int x = 0; x < im.width; ++x) n += distance(pixel(im, x, y), background) > 12;
  return static_cast<double>(n) / (im.width * im.height);
}

}  // namespace

TEST(RenderDensity, GridFlowDrawsItsDensityWithTheFieldColormap) {
  const Scene scene = parse_scene(nlohmann::json::parse(R"({"dim": 2, "seed": 2,
    "source": {"kind": "uniform", "shape": "disk", "count": 500, "radius": 1},
    "flow": {"kind": "jko-grid", "grid": {"nx": 64, "ny": 64, "bounds": [-2, -2, 2, 2]},
             "initial": {"kind": "barenblatt", "m": 2, "t0": 0.1},
             "internal": "porous-medium", "m": 2, "coefficient": 1, "dt": 0.005}})"), ".", "grid.json");
  Simulation sim(scene);
  ViewSettings view;
  view.field_colormap = Colormap::Magma;
  OffscreenRenderer renderer(128, 128);
  const Image im = renderer.render(sim.scene(), view, sim.state());
  // The Barenblatt profile peaks at the centre: the top of the colormap there (auto range 0 to
  // the peak), the bottom (magma's black) at the grid's corner, outside the support.
  const glm::vec3 top = colormap_sample(Colormap::Magma, 1.0f), bottom = colormap_sample(Colormap::Magma, 0.0f);
  EXPECT_LE(distance(pixel(im, 64, 64), {top.x, top.y, top.z}), 40);
  EXPECT_LE(distance(pixel(im, 14, 14), {bottom.x, bottom.y, bottom.z}), 12);
}

TEST(RenderDensity, ParticlesAsKdeCoverTheirSupport) {
  const Scene scene = parse_scene(nlohmann::json::parse(R"({"dim": 2, "seed": 1,
    "source": {"kind": "gaussian", "count": 3000, "mean": [0, 0], "cov": [[0.3, 0], [0, 0.3]]}})"), ".", "g.json");
  ViewSettings view;
  view.point_size = 1.0f;
  OffscreenRenderer renderer(128, 128);
  FlowState state;
  state.points = scene.source.points;
  const double sparse = covered(renderer.render(scene, view, state), view.background);
  view.particle_density = true;
  const double dense = covered(renderer.render(scene, view, state), view.background);
  EXPECT_LT(sparse, 0.5) << "1-pixel points leave most of the frame empty";
  EXPECT_GT(dense, 0.9) << "the KDE field fills its grid, which the fitted camera frames";
}
