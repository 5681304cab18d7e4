#pragma once
// Draws a scene's state into the current GL framebuffer: the target measure (translucent), the
// moving source particles coloured by their starting position, and optional trails.
// The GLFW window and `monge render` both draw through this one class.
#include <memory>
#include <optional>
#include <vector>

#include "app/scene/scene.hpp"
#include "app/scene/view_settings.hpp"

#include "render/gl/field_renderer.hpp"
#include "render/gl/line_renderer.hpp"
#include "render/gl/mesh_renderer.hpp"
#include "render/gl/point_layer.hpp"
#include "render/gl/point_renderer.hpp"
#include "render/gl/splat_layer.hpp"
#include "solvers/common/flow.hpp"

namespace monge {

// What the colour bar of the drawn density field shows.
struct FieldLegend {
  Colormap colormap = Colormap::Magma;
  float lo = 0.0f, hi = 1.0f;
  bool log_scale = false;
  const char* label = "density";
};

// A 2D Gaussian's mean and covariance, drawn as its 2-standard-deviation ellipse.
struct GaussianEllipse {
  float mean[2] = {0, 0};
  float cov[3] = {1, 0, 1};  // xx, xy, yy
};

class SceneView {
 public:
  SceneView();  // needs a current GL 4.5 context
  ~SceneView();

  // A new scene: uploads the target and the colour scalars of the source's starting positions.
  void set_scene(const Scene& scene, const ViewSettings& view);
  // Recompute colours (colormap input changed).
  void set_color_by(const Scene& scene, ColorBy by);
  // The particles' current positions (re-uploads positions only).
  void set_state(const FlowState& state);
  // The latest step's diagnostics: mean_x/mean_y/cov_* give the particles' covariance ellipse,
  // exact_* the exact solution's (Fokker-Planck with a quadratic potential).
  void set_diagnostics(const Diagnostics& diagnostics);
  // Trails: keep the last `length` positions of up to `max_particles` particles (0 disables).
  void set_trails(int length, int max_particles = 2000);
  // Extra line segments drawn over the points (plan links, curves); cleared by set_scene.
  std::vector<LineVertex>& overlay_lines() { return overlay_; }

  // Draw large 2D source clouds on the CPU (SplatLayer) instead of as GL points: for the window on
  // a software rasteriser (frame::software_rasteriser), where that is ten times cheaper. Off by
  // default, so that recordings and `monge render` draw through GL alike everywhere.
  void set_cpu_splat(bool on) { cpu_splat_ = on; }
  // Clear to the background (alpha 0 if `transparent`) and draw.
  void draw(const Camera& camera, const Viewport& vp, const ViewSettings& view, bool transparent = false);

  // Bounding box of the source (initial and current) and target points, for "fit".
  void bounds(glm::vec3& lo, glm::vec3& hi) const;
  std::size_t last_upload_bytes() const { return last_upload_bytes_; }
  // The colour scale of the density field drawn by the last draw(), if any.
  const std::optional<FieldLegend>& field_legend() const { return legend_; }

 private:
  void append_trail(const Points& points);
  void draw_field(const Camera& camera, const Viewport& vp, const ViewSettings& view);
  void draw_ellipses(const Camera& camera, const Viewport& vp);
  void draw_meshes(const Camera& camera, const Viewport& vp, const ViewSettings& view);
  // Source mesh vertices at time t of the current path (linear between its RK4 nodes).
  void positions_at(float t, Points& out) const;
  std::unique_ptr<MeshRenderer> mesh_renderer_;
  std::unique_ptr<MeshBuffer> source_mesh_, target_mesh_;
  Points mesh_start_, mesh_now_;  // vertices at the start and as drawn
  std::vector<Points> path_;      // the flow's path (state.path)
  std::vector<float> displacement_;
  std::vector<LineVertex> path_lines_;
  std::unique_ptr<FieldRenderer> field_renderer_;
  std::unique_ptr<FieldTexture> field_;
  DensityGrid grid_;            // the flow's grid (grid flows) or the particles' KDE
  bool grid_from_flow_ = false;
  bool grid_dirty_ = false;
  bool kde_wanted_ = false;     // the last draw showed the particles' density
  Points current_;              // 2D positions kept for the KDE (a copy per frame: ~1 MB at 100k)
  float field_max_ = 0.0f;      // largest density seen since set_scene ("auto" range grows only)
  std::optional<FieldLegend> legend_;
  std::optional<GaussianEllipse> empirical_, exact_;
  std::vector<LineVertex> ellipse_lines_;
  int dim_ = 2;
  std::unique_ptr<PointRenderer> points_;
  std::unique_ptr<LineRenderer> lines_;
  std::unique_ptr<PointBuffer> source_, target_;
  std::unique_ptr<PointLayer> target_layer_;
  std::unique_ptr<SplatLayer> source_splat_;  // made on first use
  bool cpu_splat_ = false;
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
