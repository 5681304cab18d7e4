// The CPU point splat (render/point_splat) against closed forms: a disc's coverage ramp, its
// radius rules, "over" blending in 8 bits, and clipping by the point's centre.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "render/point_splat.hpp"

using namespace monge;

namespace {

// A 20 by 20 view, one world unit a pixel, the origin at the centre.
SplatView unit_view() {
  SplatView v;
  v.width = v.height = 20;
  v.world_per_pixel = 1.0f;
  v.view_projection = glm::mat4(1.0f);
  v.view_projection[0][0] = v.view_projection[1][1] = 2.0f / 20.0f;
  return v;
}

PointStyle white(float size, float alpha) {
  PointStyle s;
  s.size = size;
  s.use_scalar = false;
  s.color = {1.0f, 1.0f, 1.0f, alpha};
  return s;
}

int alpha_at(const std::vector<std::uint8_t>& rgba, int x, int y) { return rgba[4 * (y * 20 + x) + 3]; }

}  // namespace

TEST(PointSplat, DiscCoverageFollowsTheShadersRamp) {
  const float centre[2] = {0.5f, 0.5f};  // pixel (10, 10)'s centre
  std::vector<std::uint8_t> rgba(20 * 20 * 4, 0);
  splat_discs(centre, 1, 2, nullptr, white(5.0f, 1.0f), unit_view(), rgba.data());
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 20; ++x) {
      const float d = std::hypot(x - 10.0f, y - 10.0f);
      const int expected = static_cast<int>(std::lround(255.0f * disc_coverage(2.5f, d)));
      ASSERT_EQ(alpha_at(rgba, x, y), expected) << x << ", " << y;
      ASSERT_EQ(rgba[4 * (y * 20 + x)], expected) << "premultiplied white";
    }
  EXPECT_EQ(alpha_at(rgba, 10, 10), 255);
  EXPECT_EQ(alpha_at(rgba, 13, 10), 0) << "beyond radius + 0.5";
  EXPECT_EQ(alpha_at(rgba, 12, 10), 255) << "within radius - 0.5";
}

TEST(PointSplat, RadiusRules) {
  PointStyle s;
  s.size = 6.0f;
  EXPECT_FLOAT_EQ(disc_radius_pixels(s, 0.01f, 255.0f), 3.0f) << "pixels";
  s.size_in_world = true;
  EXPECT_FLOAT_EQ(disc_radius_pixels(s, 0.5f, 255.0f), 6.0f) << "world units";
  s.size = 0.001f;
  EXPECT_FLOAT_EQ(disc_radius_pixels(s, 0.5f, 255.0f), 0.5f) << "at least half a pixel";
  s.size = 1e6f;
  EXPECT_FLOAT_EQ(disc_radius_pixels(s, 0.5f, 255.0f), 126.5f) << "what the largest sprite holds";
}

TEST(PointSplat, BlendsOverAndClipsByTheCentre) {
  const float twice[4] = {0.5f, 0.5f, 0.5f, 0.5f};
  std::vector<std::uint8_t> rgba(20 * 20 * 4, 0);
  splat_discs(twice, 2, 2, nullptr, white(3.0f, 0.5f), unit_view(), rgba.data());
  // 0.5 over 0.5: 0.75, each blend rounded to 8 bits (128, then 128 + 128 * 0.5 = 192).
  EXPECT_EQ(alpha_at(rgba, 10, 10), 192);
  // A centre just outside the view draws nothing, though its disc would reach into it.
  const float outside[2] = {10.2f, 0.5f};
  std::vector<std::uint8_t> clipped(20 * 20 * 4, 0);
  splat_discs(outside, 1, 2, nullptr, white(9.0f, 1.0f), unit_view(), clipped.data());
  for (std::uint8_t c : clipped) ASSERT_EQ(c, 0);
}
