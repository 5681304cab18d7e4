// Render tier: the scalar-field renderer drawn offscreen through EGL. Closed forms first (the
// colormap colour of a value on linear and log scales, nearest against bilinear interpolation
// between cell centres, the grid's world placement, obstacles, threshold, opacity, in-place
// updates), then a golden image (tests/golden/field_*.png): a Gaussian bump with an obstacle.
// Golden tolerance as test_render_points. MONGE_UPDATE_GOLDEN=1 rewrites it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "render/colormap.hpp"
#include "render/gl/egl_context.hpp"
#include "render/gl/field_renderer.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/image.hpp"
#include "base/errors.hpp"
#include "tests/common/golden.hpp"

using namespace monge;
using namespace monge::test;

namespace {

constexpr int kSize = 256;
const std::array<float, 3> kBackground = {0.1f, 0.1f, 0.12f};

// The 2D camera that shows exactly [-1, 1]^2 in the square viewport: pixel x covers world
// [-1 + 2x/256, -1 + 2(x+1)/256]; image rows are top-down.
Camera unit_camera() {
  Camera c;
  c.half_height = 1.0f;
  return c;
}
float world_x(int px) { return -1.0f + 2.0f * (px + 0.5f) / kSize; }
int pixel_column(float x) { return static_cast<int>(std::floor((x + 1.0f) * 0.5f * kSize)); }
int pixel_row(float y) { return static_cast<int>(std::floor((1.0f - y) * 0.5f * kSize)); }

DensityGrid constant_grid(int nx, int ny, float value) {
  DensityGrid g;
  g.nx = nx;
  g.ny = ny;
  g.x0 = g.y0 = -1.0f;
  g.x1 = g.y1 = 1.0f;
  g.values.assign(static_cast<std::size_t>(nx) * ny, value);
  return g;
}

void expect_rgb(const Image& im, int x, int y, glm::vec3 expected, float tolerance) {
  const std::uint8_t* c = im.pixel(x, y);
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(c[k], 255.0f * expected[k], tolerance) << "channel " << k << " at " << x << "," << y;
}

const glm::vec3 kBg(kBackground[0], kBackground[1], kBackground[2]);


// A Gaussian bump on a 64 x 48 grid over [-1.6, 1.6] x [-1.2, 1.2], with a wall of obstacle cells.
DensityGrid bump_with_wall() {
  DensityGrid g;
  g.nx = 64;
  g.ny = 48;
  g.x0 = -1.6f;
  g.x1 = 1.6f;
  g.y0 = -1.2f;
  g.y1 = 1.2f;
  g.values.resize(64 * 48);
  g.obstacle.assign(64 * 48, 0);
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      const float x = g.x0 + (i + 0.5f) * 0.05f, y = g.y0 + (j + 0.5f) * 0.05f;
      g.values[j * g.nx + i] = std::exp(-((x + 0.3f) * (x + 0.3f) + 2.0f * (y - 0.2f) * (y - 0.2f)) / 0.3f);
      g.obstacle[j * g.nx + i] = (i >= 44 && i < 47 && j >= 8 && j < 40) ? 1 : 0;
    }
  return g;
}

class FieldRenderTest : public ::testing::Test {
 protected:
  struct Gl {
    EglContext context;
    Framebuffer target{kSize, kSize};
    FieldRenderer renderer;
  };
  static void SetUpTestSuite() { gl_ = new Gl; }
  static void TearDownTestSuite() { delete gl_; }

  static Image render(const FieldTexture& field, const FieldStyle& style, const Camera& camera = unit_camera()) {
    gl_->target.bind();
    frame::clear(kBackground, 1.0f);
    gl_->renderer.draw(field, style, camera, {kSize, kSize});
    frame::finish("drawing a field");
    Image im;
    read_pixels(kSize, kSize, im);
    return im;
  }
  static Gl* gl_;
};
FieldRenderTest::Gl* FieldRenderTest::gl_ = nullptr;

}  // namespace

TEST_F(FieldRenderTest, ValueTakesItsColormapColourOnLinearAndLogScales) {
  FieldTexture field;
  field.set_grid(constant_grid(4, 4, 0.3f));
  FieldStyle style;
  style.colormap = Colormap::Magma;
  expect_rgb(render(field, style), 128, 128, colormap_sample(Colormap::Magma, 0.3f), 1.5f);
  field.set_grid(constant_grid(4, 4, 10.0f));
  style.range = {1.0f, 100.0f};
  style.log_scale = true;  // log 10 is halfway between log 1 and log 100
  expect_rgb(render(field, style), 128, 128, colormap_sample(Colormap::Magma, 0.5f), 1.5f);
  style.log_scale = false;
  expect_rgb(render(field, style), 128, 128, colormap_sample(Colormap::Magma, 9.0f / 99.0f), 1.5f);
}

TEST_F(FieldRenderTest, BilinearInterpolatesValuesBetweenCellCentresNearestDoesNot) {
  // Two cells over [-1, 1]: centres at x = -0.5 (value 0) and x = 0.5 (value 1).
  DensityGrid g = constant_grid(2, 1, 0.0f);
  g.values[1] = 1.0f;
  FieldTexture field;
  field.set_grid(g);
  FieldStyle style;
  const Image smooth = render(field, style);
  for (const int px : {100, 128, 150, 170}) {
    const float t = std::clamp(world_x(px) + 0.5f, 0.0f, 1.0f);  // linear from -0.5 to 0.5
    expect_rgb(smooth, px, 128, colormap_sample(Colormap::Viridis, t), 2.5f);
  }
  style.bilinear = false;
  const Image blocky = render(field, style);
  expect_rgb(blocky, 120, 128, colormap_sample(Colormap::Viridis, 0.0f), 1.5f);
  expect_rgb(blocky, 136, 128, colormap_sample(Colormap::Viridis, 1.0f), 1.5f);
}

TEST_F(FieldRenderTest, GridCoversItsWorldBoundsRowZeroAtTheBottom) {
  // 1 x 2 grid over [0, 1] x [0, 1]: row 0 (value 0) is y in [0, 0.5], row 1 (value 1) above.
  DensityGrid g = constant_grid(1, 2, 0.0f);
  g.x0 = g.y0 = 0.0f;
  g.values[1] = 1.0f;
  FieldTexture field;
  field.set_grid(g);
  FieldStyle style;
  style.bilinear = false;
  const Image im = render(field, style);
  expect_rgb(im, pixel_column(0.5f), pixel_row(0.25f), colormap_sample(Colormap::Viridis, 0.0f), 1.5f);
  expect_rgb(im, pixel_column(0.5f), pixel_row(0.75f), colormap_sample(Colormap::Viridis, 1.0f), 1.5f);
  expect_rgb(im, pixel_column(-0.5f), pixel_row(0.5f), kBg, 1.0f);
  expect_rgb(im, pixel_column(0.5f), pixel_row(-0.05f), kBg, 1.0f);
  expect_rgb(im, pixel_column(0.5f), pixel_row(0.05f), colormap_sample(Colormap::Viridis, 0.0f), 1.5f);
}

TEST_F(FieldRenderTest, ObstaclesThresholdAndOpacity) {
  // Three cells in a row: 0.2, obstacle, 0.8; values below 0.5 hidden.
  DensityGrid g = constant_grid(3, 1, 0.2f);
  g.values[2] = 0.8f;
  g.obstacle = {0, 1, 0};
  FieldTexture field;
  field.set_grid(g);
  FieldStyle style;
  style.bilinear = false;
  style.hide_below = true;
  style.threshold = 0.5f;
  const Image im = render(field, style);
  expect_rgb(im, pixel_column(-0.7f), 128, kBg, 1.0f);
  expect_rgb(im, pixel_column(0.0f), 128, style.obstacle_color, 1.5f);
  expect_rgb(im, pixel_column(0.7f), 128, colormap_sample(Colormap::Viridis, 0.8f), 1.5f);
  style.opacity = 0.25f;
  expect_rgb(render(field, style), pixel_column(0.7f), 128,
             0.25f * colormap_sample(Colormap::Viridis, 0.8f) + 0.75f * kBg, 2.0f);
}

TEST_F(FieldRenderTest, UpdatesInPlaceAndReallocatesOnlyOnResize) {
  FieldTexture field;
  DensityGrid g = constant_grid(5, 3, 0.1f);
  field.set_grid(g);
  EXPECT_EQ(field.allocations(), 1);
  field.reset_upload_counter();
  g.values.assign(15, 0.9f);
  field.update_values(g.values.data());
  EXPECT_EQ(field.uploaded_bytes(), 15 * sizeof(float));
  field.set_grid(g);
  EXPECT_EQ(field.allocations(), 1);
  expect_rgb(render(field, FieldStyle()), 128, 128, colormap_sample(Colormap::Viridis, 0.9f), 1.5f);
  field.set_grid(constant_grid(6, 3, 0.5f));
  EXPECT_EQ(field.allocations(), 2);
  expect_rgb(render(field, FieldStyle()), 128, 128, colormap_sample(Colormap::Viridis, 0.5f), 1.5f);
}

TEST_F(FieldRenderTest, InvalidGridsThrowInputError) {
  FieldTexture field;
  DensityGrid g = constant_grid(4, 4, 0.0f);
  g.values.pop_back();
  EXPECT_THROW(field.set_grid(g), InputError);
  g = constant_grid(4, 4, 0.0f);
  g.obstacle.assign(3, 0);
  EXPECT_THROW(field.set_grid(g), InputError);
  g = constant_grid(4, 4, 0.0f);
  g.x1 = g.x0;
  EXPECT_THROW(field.set_grid(g), InputError);
}

TEST_F(FieldRenderTest, GaussianBumpWithObstacleMatchesGolden) {
  FieldTexture field;
  field.set_grid(bump_with_wall());
  FieldStyle style;
  style.colormap = Colormap::Magma;
  Camera camera;
  camera.half_height = 1.3f;
  const Image im = render(field, style, camera);
  // The peak cell's centre (-0.325, 0.225) is nearly 1: the top of the scale.
  expect_rgb(im, 128 + static_cast<int>(std::lround(-0.3f / (2.6f / kSize))),
             128 - static_cast<int>(std::lround(0.2f / (2.6f / kSize))), colormap_sample(Colormap::Magma, 1.0f), 8.0f);
  expect_matches_golden(im, "field_bump_obstacle.png");
  // Another colormap must not pass the comparison.
  style.colormap = Colormap::Turbo;
  const Image golden = read_image(std::filesystem::path(MONGE_SOURCE_DIR) / "tests/golden/field_bump_obstacle.png");
  EXPECT_GT(compare_images(render(field, style, camera), golden, kThreshold).fraction_over, kMaxFractionOver);
}

TEST_F(FieldRenderTest, LogScaleThresholdNearestMatchesGolden) {
  FieldTexture field;
  field.set_grid(bump_with_wall());
  FieldStyle style;
  style.colormap = Colormap::Viridis;
  style.log_scale = true;
  style.range = {1e-3f, 1.0f};
  style.bilinear = false;
  style.hide_below = true;
  style.threshold = 1e-3f;
  Camera camera;
  camera.half_height = 1.3f;
  expect_matches_golden(render(field, style, camera), "field_log_threshold.png");
}
