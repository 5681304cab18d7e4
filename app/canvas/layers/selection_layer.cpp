#include "app/canvas/layers/selection_layer.hpp"

#include <cmath>

#include "app/canvas/layers/point_geometry.hpp"
#include "render/gl/line_renderer.hpp"

namespace monge {

std::unique_ptr<Layer> SelectionLayer::make(const LayerSetup& setup) {
  if (setup.scene.source.size() == 0 && !setup.scene.target) return nullptr;
  return std::make_unique<SelectionLayer>();
}

SelectionLayer::~SelectionLayer() = default;

void SelectionLayer::select(const std::optional<Pick>& pick) {
  selected_ = pick;
  trajectory_.clear();
}

void SelectionLayer::set_state(const FlowState& state) {
  if (!selected_ || (selected_->layer != "particles" && selected_->layer != "mesh")) return;
  if (selected_->index < state.points.rows()) selected_->position = point3(state.points, selected_->index);
}

void SelectionLayer::draw(const DrawContext& context) {
  if (!selected_) return;
  lines_.clear();
  const glm::vec4 path_colour(1.0f, 1.0f, 1.0f, 0.85f), ring_colour(1.0f, 0.3f, 0.25f, 1.0f);
  for (std::size_t k = 1; k < trajectory_.size(); ++k) {
    lines_.push_back({trajectory_[k - 1], path_colour});
    lines_.push_back({trajectory_[k], path_colour});
  }
  // A ring 8 pixels across around the point, facing the viewer.
  const float radius = 8.0f * context.pixel_scale * context.camera.world_per_pixel(context.vp);
  glm::vec3 u(1.0f, 0.0f, 0.0f), v(0.0f, 1.0f, 0.0f);
  if (context.camera.mode == ViewMode::Orbit3D) {
    const glm::vec3 normal = glm::normalize(context.camera.eye() - context.camera.target);
    u = glm::normalize(glm::cross(glm::vec3(0.0f, 0.0f, 1.0f), normal));
    if (!std::isfinite(u.x)) u = glm::vec3(1.0f, 0.0f, 0.0f);
    v = glm::cross(normal, u);
  }
  constexpr int kSegments = 32;
  for (int k = 0; k < kSegments; ++k)
    for (int end = 0; end < 2; ++end) {
      const float a = 6.2831853f * static_cast<float>(k + end) / kSegments;
      lines_.push_back({selected_->position + radius * (std::cos(a) * u + std::sin(a) * v), ring_colour});
    }
  context.renderers.lines().draw(lines_, context.camera, context.vp, 2.0f * context.pixel_scale);
}

}  // namespace monge
