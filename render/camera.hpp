#pragma once
// Camera maths, no GL: a 2D planar view (pan, zoom about the cursor, fit) and a 3D turntable
// (orbit about a target, pan, zoom, fit, perspective or orthographic).
// Pixel coordinates are window coordinates as GLFW reports them: origin top-left, y down.
#include <glm/glm.hpp>

namespace monge {

struct Viewport {
  int width = 1;
  int height = 1;
  float aspect() const { return height > 0 ? static_cast<float>(width) / height : 1.0f; }
};

enum class ViewMode { Planar2D, Orbit3D };
enum class Projection { Perspective, Orthographic };

class Camera {
 public:
  ViewMode mode = ViewMode::Planar2D;
  Projection projection = Projection::Perspective;

  // 2D: the world point at the viewport centre and the world distance from centre to top edge.
  glm::vec2 center{0.0f};
  float half_height = 1.5f;

  // 3D turntable: z is up; yaw about z, pitch above the xy plane, distance from the target.
  glm::vec3 target{0.0f};
  float yaw = 0.7f;        // radians
  float pitch = 0.45f;     // radians, clamped to (-pi/2, pi/2)
  float distance = 4.0f;   // world units
  float fov_y = 0.7854f;   // radians (45 degrees)

  glm::mat4 view_matrix() const;
  glm::mat4 projection_matrix(float aspect) const;
  glm::mat4 view_projection(const Viewport& vp) const { return projection_matrix(vp.aspect()) * view_matrix(); }
  glm::vec3 eye() const;  // 3D camera position

  // World units covered by one pixel (2D; in 3D at the target's depth).
  float world_per_pixel(const Viewport& vp) const;
  // 2D: world position under a pixel.
  glm::vec2 pixel_to_world(glm::vec2 pixel, const Viewport& vp) const;

  // Drag by `pixel_delta`: 2D moves the content with the cursor; 3D moves the target in the view plane.
  void pan(glm::vec2 pixel_delta, const Viewport& vp);
  // Zoom by `factor` (>1 zooms in). 2D keeps the world point under the cursor fixed; 3D dollies.
  void zoom_at(float factor, glm::vec2 cursor_pixel, const Viewport& vp);
  // 3D turntable rotation by a mouse drag.
  void orbit(glm::vec2 pixel_delta);
  // Frame the axis-aligned box [lo, hi] (z ignored in 2D) with a small margin.
  void fit(glm::vec3 lo, glm::vec3 hi, const Viewport& vp);
  // Back to the default orientation (keeps the mode and projection).
  void reset();
};

}  // namespace monge
