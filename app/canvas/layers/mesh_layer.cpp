#include "app/canvas/layers/mesh_layer.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/canvas/layers/point_geometry.hpp"
#include "app/canvas/layers/point_text.hpp"
#include "render/gl/line_renderer.hpp"
#include "render/gl/mesh_renderer.hpp"

namespace monge {
namespace {

std::unique_ptr<MeshBuffer> upload(const mesh::TriangleMesh& m) {
  auto buffer = std::make_unique<MeshBuffer>();
  buffer->set_mesh(m.vertices.data(), m.vertex_count(), m.faces.data(), m.face_count());
  return buffer;
}

}  // namespace

// --- MeshLayer ---------------------------------------------------------------------------------

std::unique_ptr<Layer> MeshLayer::make(const LayerSetup& setup) {
  if (!setup.scene.source_mesh) return nullptr;
  return std::make_unique<MeshLayer>(*setup.scene.source_mesh);
}

MeshLayer::MeshLayer(const mesh::TriangleMesh& mesh) : mesh_(mesh), now_(mesh.vertices) {}
MeshLayer::~MeshLayer() = default;

void MeshLayer::set_state(const FlowState& state) {
  if (state.points.rows() != mesh_.vertices.rows()) return;
  now_ = state.points;
  if (!state.path.empty()) path_ = state.path;
}

void MeshLayer::extend_bounds(glm::vec3& lo, glm::vec3& hi) const { monge::extend_bounds(mesh_.vertices, lo, hi); }

void MeshLayer::positions_at(float t, Points& out) const {
  if (path_.size() < 2) {
    out = now_;
    return;
  }
  const float u = std::clamp(t, 0.0f, 1.0f) * static_cast<float>(path_.size() - 1);
  const std::size_t k = std::min(static_cast<std::size_t>(u), path_.size() - 2);
  const float f = u - static_cast<float>(k);
  out = (1.0f - f) * path_[k] + f * path_[k + 1];
}

void MeshLayer::draw(const DrawContext& context) {
  if (!buffer_) buffer_ = upload(mesh_);
  MeshStyle style;
  style.shading = flat_ ? MeshShading::Flat : MeshShading::Smooth;
  style.wireframe = wireframe_;
  positions_at(t_, shown_);
  buffer_->update_positions(shown_.data());
  if (color_by_displacement_) {
    displacement_.resize(shown_.rows());
    float most = 0.0f;
    for (int i = 0; i < shown_.rows(); ++i) {
      displacement_[i] = (shown_.row(i) - mesh_.vertices.row(i)).norm();
      most = std::max(most, displacement_[i]);
    }
    buffer_->set_scalars(displacement_.data(), static_cast<int>(displacement_.size()));
    style.use_scalar = true;
    style.colormap = colormap_;
    style.scalar_range = glm::vec2(0.0f, std::max(most, 1e-6f));
    most_displaced_ = style.scalar_range.y;
  }
  context.renderers.meshes().draw(*buffer_, style, context.camera, context.vp);
  if (show_paths_ && path_.size() > 1) draw_paths(context);
}

void MeshLayer::draw_paths(const DrawContext& context) {
  // Every vertex's path through the RK4 nodes, for up to ~1500 vertices.
  path_lines_.clear();
  const int n = static_cast<int>(mesh_.vertices.rows()), stride = std::max(1, n / 1500);
  for (int i = 0; i < n; i += stride)
    for (std::size_t k = 0; k + 1 < path_.size(); ++k) {
      const glm::vec4 c(1.0f, 0.9f, 0.3f, 0.35f + 0.5f * static_cast<float>(k) / static_cast<float>(path_.size()));
      path_lines_.push_back({point3(path_[k], i), c});
      path_lines_.push_back({point3(path_[k + 1], i), c});
    }
  context.renderers.lines().draw(path_lines_, context.camera, context.vp);
}

void MeshLayer::draw_overlay(const OverlayContext& context) {
  if (show_colorbar_ && color_by_displacement_)
    add_colorbar(context, FieldLegend{colormap_, 0.0f, most_displaced_, false, "displacement"});
}

bool MeshLayer::build_ui() {
  bool changed = ImGui::SliderFloat("t", &t_, 0.0f, 1.0f, "%.3f");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Time along the current map: 0 = the source, 1 = its image");
  ImGui::SameLine();
  if (ImGui::Button(playing_t_ ? "Stop" : "Play t")) {
    playing_t_ = !playing_t_;
    if (playing_t_ && t_ >= 1.0f) t_ = 0.0f;
  }
  if (playing_t_) {
    t_ = std::min(1.0f, t_ + ImGui::GetIO().DeltaTime / 2.0f);  // 2 s from 0 to 1
    if (t_ >= 1.0f) playing_t_ = false;
    changed = true;
  }
  changed |= ImGui::Checkbox("flat shading", &flat_);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("wireframe", &wireframe_);
  changed |= ImGui::Checkbox("colour by displacement", &color_by_displacement_);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("colour bar", &show_colorbar_);
  changed |= ImGui::Checkbox("vertex trajectories", &show_paths_);
  return changed;
}

std::optional<Pick> MeshLayer::pick(const DrawContext& context, glm::vec2 pixel, float radius_px) const {
  return pick_point(shown_.rows() ? shown_ : now_, context, pixel, radius_px, "mesh");
}

std::vector<std::pair<std::string, std::string>> MeshLayer::describe(int i) const {
  const Points& shown = shown_.rows() ? shown_ : now_;
  if (i < 0 || i >= shown.rows()) return {};
  return {{"position at t", point_text(shown, i)},
          {"start", point_text(mesh_.vertices, i)},
          {"displacement", number_text((shown.row(i) - mesh_.vertices.row(i)).norm())}};
}

void MeshLayer::load_settings(const ViewSettings& view) {
  enabled_ = view.show_source;
  flat_ = view.mesh_flat;
  wireframe_ = view.mesh_wireframe;
  color_by_displacement_ = view.mesh_color_by_displacement;
  colormap_ = view.colormap;
  t_ = view.path_t;
  show_paths_ = view.show_paths;
  show_colorbar_ = view.colorbar;
}

void MeshLayer::store_settings(ViewSettings& view) const {
  view.show_source = enabled_;
  view.mesh_flat = flat_;
  view.mesh_wireframe = wireframe_;
  view.mesh_color_by_displacement = color_by_displacement_;
  view.colormap = colormap_;
  view.path_t = t_;
  view.show_paths = show_paths_;
  view.colorbar = show_colorbar_;
}

// --- TargetMeshLayer ---------------------------------------------------------------------------

std::unique_ptr<Layer> TargetMeshLayer::make(const LayerSetup& setup) {
  if (!setup.scene.target_mesh) return nullptr;
  return std::make_unique<TargetMeshLayer>(*setup.scene.target_mesh);
}

TargetMeshLayer::TargetMeshLayer(const mesh::TriangleMesh& mesh) : mesh_(mesh) {}
TargetMeshLayer::~TargetMeshLayer() = default;

void TargetMeshLayer::extend_bounds(glm::vec3& lo, glm::vec3& hi) const {
  monge::extend_bounds(mesh_.vertices, lo, hi);
}

void TargetMeshLayer::draw(const DrawContext& context) {
  if (!buffer_) buffer_ = upload(mesh_);
  MeshStyle style;  // translucent, drawn after the opaque source
  style.shading = flat_ ? MeshShading::Flat : MeshShading::Smooth;
  style.color = glm::vec3(color_[0], color_[1], color_[2]);
  style.opacity = std::max(opacity_, 0.05f);
  context.renderers.meshes().draw(*buffer_, style, context.camera, context.vp);
}

bool TargetMeshLayer::build_ui() {
  bool changed = ImGui::SliderFloat("opacity", &opacity_, 0.0f, 1.0f);
  changed |= ImGui::ColorEdit3("colour", color_.data(), ImGuiColorEditFlags_NoInputs);
  return changed;
}

void TargetMeshLayer::load_settings(const ViewSettings& view) {
  enabled_ = view.show_target;
  flat_ = view.mesh_flat;
  opacity_ = view.target_opacity;
  color_ = view.target_color;
}

void TargetMeshLayer::store_settings(ViewSettings& view) const {
  view.show_target = enabled_;
  view.target_opacity = opacity_;
  view.target_color = color_;
}

}  // namespace monge
