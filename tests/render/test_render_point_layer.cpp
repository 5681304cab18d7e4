// Render tier: PointLayer (render/point_layer) must give what drawing the points directly gives,
// up to the 8-bit rounding of its cached layer, redraw exactly when something its pixels depend on
// changed, and composite into a sub-region of the target (the comparison view's panes).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "render/gl/egl_context.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/point_layer.hpp"
#include "render/gl/point_renderer.hpp"
#include "tests/common/golden.hpp"

using namespace monge;
using monge::test::max_channel_difference;

namespace {

constexpr int kWidth = 160, kHeight = 120;
// Both paths round to 8 bits at every blend, in a different order where discs overlap.
constexpr int kRounding = 4;

// Overlapping translucent discs: where the layer's "over" compositing would differ from direct
// drawing if it were not premultiplied.
std::vector<float> cloud(int n, float shift) {
  std::vector<float> xy(2 * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const float a = 2.39996323f * i, r = 1.2f * std::sqrt((i + 0.5f) / n);
    xy[2 * i] = r * std::cos(a) + shift;
    xy[2 * i + 1] = r * std::sin(a);
  }
  return xy;
}

PointStyle translucent() {
  PointStyle s;
  s.size = 7.0f;
  s.use_scalar = false;
  s.color = {0.9f, 0.6f, 0.2f, 0.35f};
  return s;
}

class PointLayerTest : public ::testing::Test {
 protected:
  PointLayerTest() : target_(kWidth, kHeight) {
    points_.set_positions(cloud(400, 0.0f).data(), 400, 2);
  }
  // Clears the whole target to `background` (alpha as given), then draws into `region` (x, y, w, h).
  Image draw(bool through_layer, const Camera& camera, const int region[4], float alpha = 1.0f) {
    target_.bind();
    frame::clear({0.1f, 0.15f, 0.2f}, alpha);
    frame::set_region(region[0], region[1], region[2], region[3]);
    const Viewport vp{region[2], region[3]};
    if (through_layer) layer_.draw(renderer_, points_, style_, camera, vp);
    else renderer_.draw(points_, style_, camera, vp);
    frame::clear_region(kWidth, kHeight);
    frame::finish("point layer test");
    Image image;
    read_pixels(kWidth, kHeight, image);
    return image;
  }
  EglContext context_;
  Framebuffer target_;
  PointRenderer renderer_;
  PointBuffer points_;
  PointLayer layer_;
  PointStyle style_ = translucent();
  Camera camera_;
  const int whole_[4] = {0, 0, kWidth, kHeight};
};

TEST_F(PointLayerTest, MatchesDirectDrawingUpToRounding) {
  const Image direct = draw(false, camera_, whole_);
  const Image layered = draw(true, camera_, whole_);
  EXPECT_TRUE(layer_.last_draw_rendered());
  EXPECT_LE(max_channel_difference(direct, layered), kRounding);
  // Not vacuous: the discs changed the picture.
  const Image empty = [&] {
    target_.bind();
    frame::clear({0.1f, 0.15f, 0.2f}, 1.0f);
    frame::finish("empty");
    Image im;
    read_pixels(kWidth, kHeight, im);
    return im;
  }();
  EXPECT_GT(max_channel_difference(direct, empty), 100);
}

TEST_F(PointLayerTest, TransparentBackgroundKeepsTheCoverageInAlpha) {
  const Image direct = draw(false, camera_, whole_, 0.0f);
  const Image layered = draw(true, camera_, whole_, 0.0f);
  EXPECT_LE(max_channel_difference(direct, layered), kRounding);
}

TEST_F(PointLayerTest, RedrawsOnlyWhenCameraStyleOrPointsChange) {
  const Image first = draw(true, camera_, whole_);
  EXPECT_TRUE(layer_.last_draw_rendered());
  const Image again = draw(true, camera_, whole_);
  EXPECT_FALSE(layer_.last_draw_rendered());
  EXPECT_EQ(max_channel_difference(first, again), 0);

  Camera zoomed = camera_;
  zoomed.half_height = 0.8f;
  const Image z = draw(true, zoomed, whole_);
  EXPECT_TRUE(layer_.last_draw_rendered());
  EXPECT_LE(max_channel_difference(z, draw(false, zoomed, whole_)), kRounding);
  EXPECT_GT(max_channel_difference(z, first), 100);

  style_.size = 3.0f;
  draw(true, zoomed, whole_);
  EXPECT_TRUE(layer_.last_draw_rendered());

  points_.set_positions(cloud(400, 0.5f).data(), 400, 2);
  const Image moved = draw(true, zoomed, whole_);
  EXPECT_TRUE(layer_.last_draw_rendered());
  EXPECT_LE(max_channel_difference(moved, draw(false, zoomed, whole_)), kRounding);
}

TEST_F(PointLayerTest, CompositesIntoASubRegion) {
  const int pane[4] = {90, 20, 60, 80};
  const Image direct = draw(false, camera_, pane);
  const Image layered = draw(true, camera_, pane);
  EXPECT_LE(max_channel_difference(direct, layered), kRounding);
  // A different pane of the same size: the cached layer lands at the new origin.
  const int other[4] = {5, 30, 60, 80};
  const Image moved = draw(true, camera_, other);
  EXPECT_FALSE(layer_.last_draw_rendered());
  EXPECT_LE(max_channel_difference(moved, draw(false, camera_, other)), kRounding);
}

TEST_F(PointLayerTest, ThreeDimensionalViewsDrawDirectly) {
  Camera orbit;
  orbit.mode = ViewMode::Orbit3D;
  draw(true, orbit, whole_);
  EXPECT_TRUE(layer_.last_draw_rendered());
  draw(true, orbit, whole_);
  EXPECT_TRUE(layer_.last_draw_rendered());
}

}  // namespace
