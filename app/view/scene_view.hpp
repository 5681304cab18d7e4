#pragma once
// Draws a scene's state into the current GL framebuffer: the target measure (translucent), the
// moving source particles coloured by their starting position, and optional trails.
// The GLFW window and `monge render` both draw through this one class.
#include <memory>
#include <vector>

#include "app/scene/scene.hpp"
#include "app/scene/view_settings.hpp"
#include "render/line_renderer.hpp"
#include "render/point_renderer.hpp"
#include "solvers/common/flow.hpp"

namespace monge {

class SceneView {
 public:
  SceneView();  // needs a current GL 4.5 context

  // A new scene: uploads the target and the colour scalars of the source's starting positions.
  void set_scene(const Scene& scene, const ViewSettings& view);
  // Recompute colours (colormap input changed).
  void set_color_by(const Scene& scene, ColorBy by);
  // The particles' current positions (re-uploads positions only).
  void set_state(const FlowState& state);
  // Trails: keep the last `length` positions of up to `max_particles` particles (0 disables).
  void set_trails(int length, int max_particles = 2000);
  // Extra line segments drawn over the points (plan links, curves); cleared by set_scene.
  std::vector<LineVertex>& overlay_lines() { return overlay_; }

  // Clear to the background (alpha 0 if `transparent`) and draw.
  void draw(const Camera& camera, const Viewport& vp, const ViewSettings& view, bool transparent = false);

  // Bounding box of the source (initial and current) and target points, for "fit".
  void bounds(glm::vec3& lo, glm::vec3& hi) const;
  std::size_t last_upload_bytes() const { return last_upload_bytes_; }

 private:
  void append_trail(const Points& points);
  std::unique_ptr<PointRenderer> points_;
  std::unique_ptr<LineRenderer> lines_;
  std::unique_ptr<PointBuffer> source_, target_;
  glm::vec3 lo_{-1.0f}, hi_{1.0f};
  glm::vec2 scalar_range_{0.0f, 1.0f};
  std::vector<float> scalars_;
  int trail_length_ = 0, trail_particles_ = 0;
  std::vector<std::vector<glm::vec3>> trail_;  // ring of recent positions of the first particles
  std::size_t trail_head_ = 0, trail_filled_ = 0;
  std::vector<LineVertex> trail_lines_, overlay_;
  std::size_t last_upload_bytes_ = 0;
};

}  // namespace monge
