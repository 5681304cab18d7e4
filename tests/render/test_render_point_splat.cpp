// Render tier: SplatLayer (render/splat_layer, the CPU rasteriser render/point_splat) must give
// what the GL point renderer gives in a planar view, up to 8-bit rounding: translucent and opaque
// discs, a colormap, sizes in pixels and in world units, a transparent background, a sub-region
// pane, and points partly outside the view.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "render/gl/egl_context.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/point_renderer.hpp"
#include "render/gl/splat_layer.hpp"
#include "tests/common/golden.hpp"

using namespace monge;
using monge::test::max_channel_difference;

namespace {

constexpr int kWidth = 160, kHeight = 120;
// Both paths round to 8 bits at every blend; GL's blender rounds its inputs too.
constexpr int kRounding = 4;

// A golden-angle spiral reaching a little past the view's edges, with a scalar per point.
void spiral(int n, float extent, std::vector<float>& xy, std::vector<float>& scalars) {
  xy.resize(2 * static_cast<std::size_t>(n));
  scalars.resize(n);
  for (int i = 0; i < n; ++i) {
    const float a = 2.39996323f * i, r = extent * std::sqrt((i + 0.5f) / n);
    xy[2 * i] = r * std::cos(a);
    xy[2 * i + 1] = r * std::sin(a);
    scalars[i] = xy[2 * i];
  }
}

class PointSplatTest : public ::testing::Test {
 protected:
  PointSplatTest() : target_(kWidth, kHeight) { set_points(600, 1.3f); }
  void set_points(int n, float extent) {
    spiral(n, extent, xy_, scalars_);
    points_.set_positions(xy_.data(), n, 2);
    points_.set_scalars(scalars_.data(), n);
  }
  // Clears the whole target to `background` (alpha as given), then draws into `region` (x, y, w, h).
  Image draw(bool splat, const int region[4], float alpha = 1.0f) {
    target_.bind();
    frame::clear({0.1f, 0.15f, 0.2f}, alpha);
    frame::set_region(region[0], region[1], region[2], region[3]);
    const Viewport vp{region[2], region[3]};
    if (splat)
      layer_.draw(xy_.data(), points_.count(), 2, scalars_.data(), style_, camera_, vp, renderer_.max_point_size());
    else
      renderer_.draw(points_, style_, camera_, vp);
    frame::clear_region(kWidth, kHeight);
    frame::finish("point splat test");
    Image image;
    read_pixels(kWidth, kHeight, image);
    return image;
  }
  void expect_same(const char* what, const int region[4], float alpha = 1.0f) {
    const Image gl = draw(false, region, alpha);
    const Image cpu = draw(true, region, alpha);
    EXPECT_LE(max_channel_difference(gl, cpu), kRounding) << what;
    // Not vacuous: the points changed the picture.
    target_.bind();
    frame::clear({0.1f, 0.15f, 0.2f}, alpha);
    frame::finish("empty");
    Image empty;
    read_pixels(kWidth, kHeight, empty);
    EXPECT_GT(max_channel_difference(gl, empty), 50) << what;
  }
  EglContext context_;
  Framebuffer target_;
  PointRenderer renderer_;
  PointBuffer points_;
  SplatLayer layer_;
  std::vector<float> xy_, scalars_;
  PointStyle style_;
  Camera camera_;
  const int whole_[4] = {0, 0, kWidth, kHeight};
};

}  // namespace

TEST_F(PointSplatTest, MatchesGlPointsWithAColormap) {
  style_.size = 5.0f;
  style_.scalar_range = {-1.3f, 1.3f};
  style_.color.a = 1.0f;
  expect_same("opaque, viridis", whole_);
  style_.colormap = Colormap::Turbo;
  style_.color.a = 0.4f;
  expect_same("translucent, turbo", whole_);
}

TEST_F(PointSplatTest, MatchesGlPointsInSolidColourAndWorldSizes) {
  style_.use_scalar = false;
  style_.color = {0.9f, 0.6f, 0.2f, 0.35f};
  style_.size = 2.0f;
  expect_same("small translucent discs", whole_);
  style_.size = 0.12f;
  style_.size_in_world = true;
  expect_same("sizes in world units", whole_);
  style_.size = 0.1f;
  style_.size_in_world = false;
  expect_same("sub-pixel points (half a pixel at least)", whole_);
}

TEST_F(PointSplatTest, MatchesGlOnATransparentBackgroundAndInAPane) {
  style_.color.a = 0.6f;
  expect_same("transparent background", whole_, 0.0f);
  const int pane[4] = {40, 30, 90, 70};
  camera_.half_height = 0.9f;
  expect_same("a pane at an offset, zoomed in", pane);
}
