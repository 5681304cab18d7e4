// Camera maths: 2D pan/zoom about the cursor/fit, 3D turntable and projections.
#include <gtest/gtest.h>

#include <glm/gtc/matrix_transform.hpp>

#include "render/camera.hpp"

using namespace monge;

namespace {
glm::vec2 to_pixel(const Camera& c, glm::vec3 world, const Viewport& vp) {
  const glm::vec4 clip = c.view_projection(vp) * glm::vec4(world, 1.0f);
  const glm::vec2 ndc = glm::vec2(clip) / clip.w;
  return {(ndc.x * 0.5f + 0.5f) * vp.width, (0.5f - ndc.y * 0.5f) * vp.height};
}
}  // namespace

TEST(Camera2D, PixelToWorldInvertsProjection) {
  Camera c;
  c.center = {1.5f, -2.0f};
  c.half_height = 3.0f;
  const Viewport vp{800, 600};
  for (glm::vec2 px : {glm::vec2(0, 0), glm::vec2(400, 300), glm::vec2(799, 13)}) {
    const glm::vec2 w = c.pixel_to_world(px, vp);
    const glm::vec2 back = to_pixel(c, glm::vec3(w, 0.0f), vp);
    EXPECT_NEAR(back.x, px.x, 1e-3);
    EXPECT_NEAR(back.y, px.y, 1e-3);
  }
  EXPECT_NEAR(c.pixel_to_world({400, 300}, vp).x, 1.5f, 1e-6);
  EXPECT_NEAR(c.world_per_pixel(vp), 6.0f / 600.0f, 1e-7);
}

TEST(Camera2D, ZoomKeepsPointUnderCursorFixed) {
  Camera c;
  const Viewport vp{1000, 500};
  const glm::vec2 cursor(830, 120);
  const glm::vec2 before = c.pixel_to_world(cursor, vp);
  c.zoom_at(2.5f, cursor, vp);
  const glm::vec2 after = c.pixel_to_world(cursor, vp);
  EXPECT_NEAR(before.x, after.x, 1e-5);
  EXPECT_NEAR(before.y, after.y, 1e-5);
  EXPECT_NEAR(c.half_height, 1.5f / 2.5f, 1e-6);
}

TEST(Camera2D, PanMovesContentWithCursor) {
  Camera c;
  const Viewport vp{640, 480};
  const glm::vec2 grab = c.pixel_to_world({100, 100}, vp);
  c.pan({30, -20}, vp);
  const glm::vec2 now = c.pixel_to_world({130, 80}, vp);
  EXPECT_NEAR(grab.x, now.x, 1e-5);
  EXPECT_NEAR(grab.y, now.y, 1e-5);
}

TEST(Camera2D, FitShowsWholeBoxWithMargin) {
  Camera c;
  const Viewport vp{400, 200};  // wide: the box's width limits
  c.fit({-4, -1, 0}, {6, 1, 0}, vp);
  EXPECT_NEAR(c.center.x, 1.0f, 1e-6);
  for (glm::vec3 corner : {glm::vec3(-4, -1, 0), glm::vec3(6, 1, 0)}) {
    const glm::vec2 p = to_pixel(c, corner, vp);
    EXPECT_GT(p.x, 0.0f);
    EXPECT_LT(p.x, 400.0f);
    EXPECT_GT(p.y, 0.0f);
    EXPECT_LT(p.y, 200.0f);
  }
  // Tight: the box spans at least 85% of the width.
  EXPECT_GT(to_pixel(c, {6, 0, 0}, vp).x - to_pixel(c, {-4, 0, 0}, vp).x, 0.85f * 400.0f);
}

TEST(Camera3D, OrbitKeepsDistanceAndClampsPitch) {
  Camera c;
  c.mode = ViewMode::Orbit3D;
  c.target = {1, 2, 3};
  c.orbit({120, 45});
  EXPECT_NEAR(glm::length(c.eye() - c.target), c.distance, 1e-4);
  c.orbit({0, 100000});
  EXPECT_LT(c.pitch, 1.5708f);
  c.orbit({0, -200000});
  EXPECT_GT(c.pitch, -1.5708f);
}

TEST(Camera3D, TargetProjectsToViewportCentre) {
  for (Projection proj : {Projection::Perspective, Projection::Orthographic}) {
    Camera c;
    c.mode = ViewMode::Orbit3D;
    c.projection = proj;
    c.target = {0.3f, -0.2f, 0.5f};
    c.orbit({37, -11});
    const Viewport vp{800, 600};
    const glm::vec2 p = to_pixel(c, c.target, vp);
    EXPECT_NEAR(p.x, 400.0f, 1e-2);
    EXPECT_NEAR(p.y, 300.0f, 1e-2);
  }
}

TEST(Camera3D, FitPutsBoundingSphereInView) {
  Camera c;
  c.mode = ViewMode::Orbit3D;
  const Viewport vp{600, 900};  // tall: the horizontal field of view limits
  c.fit({-1, -1, -1}, {1, 1, 1}, vp);
  for (int i = 0; i < 8; ++i) {
    const glm::vec3 corner((i & 1) ? 1 : -1, (i & 2) ? 1 : -1, (i & 4) ? 1 : -1);
    const glm::vec2 p = to_pixel(c, corner, vp);
    EXPECT_GT(p.x, 0.0f);
    EXPECT_LT(p.x, 600.0f);
    EXPECT_GT(p.y, 0.0f);
    EXPECT_LT(p.y, 900.0f);
  }
}

TEST(Camera3D, ZoomDolliesAndResetRestores) {
  Camera c;
  c.mode = ViewMode::Orbit3D;
  const float d = c.distance;
  c.zoom_at(2.0f, {0, 0}, Viewport{100, 100});
  EXPECT_NEAR(c.distance, d / 2.0f, 1e-6);
  c.orbit({50, 50});
  c.reset();
  EXPECT_EQ(c.distance, d);
  EXPECT_EQ(c.yaw, Camera().yaw);
  EXPECT_EQ(c.mode, ViewMode::Orbit3D);  // reset keeps the mode
}
