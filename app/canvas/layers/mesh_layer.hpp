#pragma once
// Meshes of "kind": "mesh" measures.
//   MeshLayer        the moving source mesh: smooth or flat shading, wireframe, colour by
//                    displacement from the start, the deformation shown at a time t in [0, 1] of
//                    the flow's current map (scrubbed and played in its panel), vertex trajectories.
//                    Settings (flat keys): show_source, mesh_shading, wireframe, mesh_color,
//                    colormap, t, paths, colorbar (for the displacement).
//   TargetMeshLayer  the target mesh, translucent, after the opaque source. Settings: show_target,
//                    target_color, target_opacity, mesh_shading.
#include <memory>
#include <vector>

#include "app/canvas/colorbar_overlay.hpp"
#include "app/canvas/layer.hpp"

namespace monge {

class MeshBuffer;
struct LineVertex;

class MeshLayer : public Layer {
 public:
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  explicit MeshLayer(const mesh::TriangleMesh& mesh);
  ~MeshLayer() override;

  std::string name() const override { return "mesh"; }
  void set_state(const FlowState& state) override;
  void extend_bounds(glm::vec3& lo, glm::vec3& hi) const override;
  void draw(const DrawContext& context) override;
  void draw_overlay(const OverlayContext& context) override;
  bool build_ui() override;
  std::optional<Pick> pick(const DrawContext& context, glm::vec2 pixel, float radius_px) const override;
  std::vector<std::pair<std::string, std::string>> describe(int index) const override;
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;

 private:
  // Vertices at time t of the current path (linear between its RK4 nodes).
  void positions_at(float t, Points& out) const;
  void draw_paths(const DrawContext& context);
  mesh::TriangleMesh mesh_;
  Points now_, shown_;           // vertices as the flow left them, and as drawn at t
  std::vector<Points> path_;     // the flow's path (FlowState::path)
  std::vector<float> displacement_;
  std::vector<LineVertex> path_lines_;
  std::unique_ptr<MeshBuffer> buffer_;
  bool flat_ = false, wireframe_ = false, color_by_displacement_ = true, show_paths_ = false, show_colorbar_ = false;
  float most_displaced_ = 0.0f;  // the top of the displacement colour scale, as last drawn
  Colormap colormap_ = Colormap::Viridis;
  float t_ = 1.0f;
  bool playing_t_ = false;       // the panel's "Play t"
};

class TargetMeshLayer : public Layer {
 public:
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  explicit TargetMeshLayer(const mesh::TriangleMesh& mesh);
  ~TargetMeshLayer() override;

  std::string name() const override { return "target mesh"; }
  void extend_bounds(glm::vec3& lo, glm::vec3& hi) const override;
  void draw(const DrawContext& context) override;
  bool build_ui() override;
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;

 private:
  mesh::TriangleMesh mesh_;
  std::unique_ptr<MeshBuffer> buffer_;
  bool flat_ = false;
  float opacity_ = 0.35f;
  std::array<float, 3> color_{0.95f, 0.45f, 0.35f};
};

}  // namespace monge
