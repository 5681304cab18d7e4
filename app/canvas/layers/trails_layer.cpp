#include "app/canvas/layers/trails_layer.hpp"

#include <imgui.h>

#include "app/canvas/layers/point_geometry.hpp"
#include "render/gl/line_renderer.hpp"

namespace monge {

std::unique_ptr<Layer> TrailsLayer::make(const LayerSetup& setup) {
  if (setup.scene.source_mesh || !setup.first_state.grid.empty()) return nullptr;
  return std::make_unique<TrailsLayer>(setup.scene.source.points);
}

// The colour scalars of all the particles, as the particles layer computes them (the same range).
TrailsLayer::TrailsLayer(const Points& start) : start_(start) {
  scalars_ = color_scalars(start_, color_by_, range_.x, range_.y);
}
TrailsLayer::~TrailsLayer() = default;

void TrailsLayer::set_length(int length) {
  if (length == length_) return;
  length_ = std::max(length, 0);
  ring_.clear();
  head_ = filled_ = 0;
}

void TrailsLayer::set_state(const FlowState& state) {
  if (length_ == 0 || state.points.rows() == 0) return;
  const int n = std::min<int>(static_cast<int>(state.points.rows()), max_particles_);
  if (ring_.size() != static_cast<std::size_t>(length_)) ring_.assign(length_, std::vector<glm::vec3>(n));
  auto& slot = ring_[head_];
  slot.resize(n);
  for (int i = 0; i < n; ++i) slot[i] = point3(state.points, i);
  head_ = (head_ + 1) % ring_.size();
  filled_ = std::min(filled_ + 1, ring_.size());
}

void TrailsLayer::draw(const DrawContext& context) {
  if (length_ == 0 || filled_ < 2) return;
  // Segments between consecutive stored positions, fading with age.
  lines_.clear();
  const auto& scalars = scalars_;
  const glm::vec2 range = range_;
  const std::size_t len = ring_.size();
  for (std::size_t age = 1; age < filled_; ++age) {
    const auto& newer = ring_[(head_ + len - age) % len];
    const auto& older = ring_[(head_ + len - age - 1) % len];
    const float alpha = 0.6f * (1.0f - static_cast<float>(age) / static_cast<float>(filled_));
    const std::size_t n = std::min(newer.size(), older.size());
    for (std::size_t i = 0; i < n; ++i) {
      const float t = scalars.empty() ? 0.0f : (scalars[i] - range.x) / (range.y - range.x);
      const glm::vec3 c = colormap_sample(colormap_, t);
      lines_.push_back({older[i], glm::vec4(c, alpha)});
      lines_.push_back({newer[i], glm::vec4(c, alpha)});
    }
  }
  context.renderers.lines().draw(lines_, context.camera, context.vp);
}

bool TrailsLayer::build_ui() {
  int length = length_;
  if (!ImGui::SliderInt("trail length", &length, 0, 64)) return false;
  set_length(length);
  return true;
}

void TrailsLayer::load_settings(const ViewSettings& view) {
  set_length(view.trail_length);
  colormap_ = view.colormap;
  if (view.color_by != color_by_) {
    color_by_ = view.color_by;
    scalars_ = color_scalars(start_, color_by_, range_.x, range_.y);
  }
}
void TrailsLayer::store_settings(ViewSettings& view) const { view.trail_length = length_; }

}  // namespace monge
