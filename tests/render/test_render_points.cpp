// Render tier: scenes drawn offscreen through EGL with the GUI's renderer, checked pixel by pixel
// against closed-form expectations and against golden images in tests/golden/.
// Golden tolerance: at most 0.5% of pixels may differ by more than 24/255 in any channel (edge
// rasterisation differs slightly between GL drivers). MONGE_UPDATE_GOLDEN=1 rewrites them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "app/canvas/offscreen.hpp"
#include "render/colormap.hpp"
#include "render/image.hpp"
#include "tests/common/golden.hpp"

using namespace monge;
using namespace monge::test;

namespace {


Scene grid_to_circle_scene() {
  Scene s;
  s.name = "grid to circle";
  s.dim = 2;
  s.source.points.resize(64, 2);
  for (int i = 0; i < 64; ++i) {
    s.source.points(i, 0) = -1.0f + 2.0f * (i % 8) / 7.0f;
    s.source.points(i, 1) = -1.0f + 2.0f * (i / 8) / 7.0f;
  }
  Measure target;
  target.points.resize(48, 2);
  for (int i = 0; i < 48; ++i) {
    const float a = 6.2831853f * i / 48.0f;
    target.points(i, 0) = 1.3f * std::cos(a);
    target.points(i, 1) = 1.3f * std::sin(a);
  }
  s.target = target;
  return s;
}

Scene sphere_scene() {
  Scene s;
  s.name = "sphere";
  s.dim = 3;
  const int n = 150;
  s.source.points.resize(n, 3);
  for (int i = 0; i < n; ++i) {  // Fibonacci sphere: deterministic, evenly spread
    const float z = 1.0f - 2.0f * (i + 0.5f) / n, r = std::sqrt(1.0f - z * z), a = 2.39996323f * i;
    s.source.points.row(i) << r * std::cos(a), r * std::sin(a), z;
  }
  return s;
}

ViewSettings view_2d() {
  ViewSettings v;
  v.point_size = 9.0f;
  v.background = {0.1f, 0.1f, 0.12f};
  return v;
}

ViewSettings view_3d() {
  ViewSettings v;
  v.mode = ViewMode::Orbit3D;
  v.point_size = 0.22f;
  v.size_in_world = true;
  v.color_by = ColorBy::Z;
  v.colormap = Colormap::Turbo;
  return v;
}

FlowState state_of(const Scene& s) {
  FlowState st;
  st.points = s.source.points;
  return st;
}


class RenderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { renderer_ = new OffscreenRenderer(320, 240); }
  static void TearDownTestSuite() { delete renderer_; }
  static OffscreenRenderer* renderer_;
};
OffscreenRenderer* RenderTest::renderer_ = nullptr;

}  // namespace

TEST_F(RenderTest, SinglePointHasColormapColourAtCentreAndBackgroundAround) {
  Scene s;
  s.dim = 2;
  s.source.points = Points::Zero(1, 2);
  ViewSettings v = view_2d();
  v.point_size = 20.0f;
  v.camera = Camera();  // centre (0, 0): the point lands in the middle of the image
  const Image im = renderer_->render(s, v, state_of(s));
  // One point: its scalar is the bottom of the range, so it takes the colormap's first colour.
  const glm::vec3 expected = colormap_sample(Colormap::Viridis, 0.0f) * 255.0f;
  const std::uint8_t* c = im.pixel(160, 120);
  EXPECT_NEAR(c[0], expected.r, 2);
  EXPECT_NEAR(c[1], expected.g, 2);
  EXPECT_NEAR(c[2], expected.b, 2);
  const std::uint8_t* outside = im.pixel(160 + 14, 120);  // 14 px away: beyond the 10 px radius + 1 px edge
  EXPECT_NEAR(outside[0], 0.1f * 255, 1);
  EXPECT_NEAR(outside[2], 0.12f * 255, 1);
  // Anti-aliased edge: pixel (166, 127) has its centre 9.92 px from the point's centre (160, 120),
  // so it is about 58% covered: a blend, neither colour.
  const std::uint8_t* rim = im.pixel(166, 127);
  EXPECT_GT(rim[2], outside[2] + 10);
  EXPECT_LT(rim[2], c[2] - 10);
}

TEST_F(RenderTest, PointSizeInPixelsIsTheDiameter) {
  Scene s;
  s.dim = 2;
  s.source.points = Points::Zero(1, 2);
  ViewSettings v = view_2d();
  v.point_size = 30.0f;
  v.camera = Camera();
  const Image im = renderer_->render(s, v, state_of(s));
  int covered = 0;
  for (int x = 0; x < im.width; ++x) covered += im.pixel(x, 120)[2] > 0.12f * 255 + 40;  // viridis(0) is blue-heavy
  EXPECT_NEAR(covered, 30, 2);
}

TEST_F(RenderTest, TransparentBackgroundHasZeroAlphaAndOpaquePoints) {
  Scene s;
  s.dim = 2;
  s.source.points = Points::Zero(1, 2);
  ViewSettings v = view_2d();
  v.point_size = 20.0f;
  v.camera = Camera();
  const Image im = renderer_->render(s, v, state_of(s), true);
  EXPECT_EQ(im.pixel(5, 5)[3], 0);
  EXPECT_EQ(im.pixel(160, 120)[3], 255);
}

TEST_F(RenderTest, GridToCircleMatchesGolden) {
  const Scene s = grid_to_circle_scene();
  expect_matches_golden(renderer_->render(s, view_2d(), state_of(s)), "grid_to_circle_2d.png");
}

TEST_F(RenderTest, SphereImpostorsMatchGolden) {
  const Scene s = sphere_scene();
  expect_matches_golden(renderer_->render(s, view_3d(), state_of(s)), "sphere_3d.png");
}

TEST_F(RenderTest, AWrongImageFailsTheGoldenComparison) {
  // The same scene with another colormap, and shifted by a few pixels, must not pass.
  const Scene s = grid_to_circle_scene();
  const Image golden = read_image(std::filesystem::path(MONGE_SOURCE_DIR) / "tests/golden/grid_to_circle_2d.png");
  ViewSettings other = view_2d();
  other.colormap = Colormap::Magma;
  EXPECT_GT(compare_images(renderer_->render(s, other, state_of(s)), golden, kThreshold).fraction_over, kMaxFractionOver);
  FlowState moved = state_of(s);
  moved.points.col(0).array() += 0.05f;
  EXPECT_GT(compare_images(renderer_->render(s, view_2d(), moved), golden, kThreshold).fraction_over, kMaxFractionOver);
}

TEST_F(RenderTest, SameInputsGiveIdenticalPixels) {
  const Scene s = sphere_scene();
  const Image a = renderer_->render(s, view_3d(), state_of(s));
  const Image b = renderer_->render(s, view_3d(), state_of(s));
  EXPECT_EQ(a.rgba, b.rgba);
}
