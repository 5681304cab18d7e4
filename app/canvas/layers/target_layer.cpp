#include "app/canvas/layers/target_layer.hpp"

#include <imgui.h>

#include "app/canvas/layers/point_geometry.hpp"
#include "app/canvas/layers/point_text.hpp"
#include "render/gl/point_layer.hpp"
#include "render/gl/point_renderer.hpp"

namespace monge {

std::unique_ptr<Layer> TargetLayer::make(const LayerSetup& setup) {
  if (!setup.scene.target || setup.scene.target->size() == 0 || setup.scene.target_mesh) return nullptr;
  return std::make_unique<TargetLayer>(setup.scene.target->points);
}

TargetLayer::TargetLayer(const Points& target) : points_(target) {}
TargetLayer::~TargetLayer() = default;

void TargetLayer::extend_bounds(glm::vec3& lo, glm::vec3& hi) const { monge::extend_bounds(points_, lo, hi); }

void TargetLayer::draw(const DrawContext& context) {
  if (!buffer_) {
    buffer_ = std::make_unique<PointBuffer>();
    buffer_->set_positions(points_.data(), static_cast<int>(points_.rows()), static_cast<int>(points_.cols()));
    cache_ = std::make_unique<PointLayer>();
  }
  PointStyle style;
  style.size = context.style.point_size * (context.style.size_in_world ? 1.0f : context.pixel_scale);
  style.size_in_world = context.style.size_in_world;
  style.use_scalar = false;
  style.color = glm::vec4(color_[0], color_[1], color_[2], opacity_);
  // The target does not move: drawn once, then composited from its cached picture while the view stands.
  cache_->draw(context.renderers.points(), *buffer_, style, context.camera, context.vp);
}

bool TargetLayer::build_ui() {
  bool changed = ImGui::SliderFloat("target opacity", &opacity_, 0.0f, 1.0f);
  changed |= ImGui::ColorEdit3("target colour", color_.data(), ImGuiColorEditFlags_NoInputs);
  return changed;
}

std::optional<Pick> TargetLayer::pick(const DrawContext& context, glm::vec2 pixel, float radius_px) const {
  return pick_point(points_, context, pixel, radius_px, "target");
}

std::vector<std::pair<std::string, std::string>> TargetLayer::describe(int i) const {
  if (i < 0 || i >= points_.rows()) return {};
  return {{"position", point_text(points_, i)}};
}

void TargetLayer::load_settings(const ViewSettings& view) {
  enabled_ = view.show_target;
  opacity_ = view.target_opacity;
  color_ = view.target_color;
}

void TargetLayer::store_settings(ViewSettings& view) const {
  view.show_target = enabled_;
  view.target_opacity = opacity_;
  view.target_color = color_;
}

}  // namespace monge
