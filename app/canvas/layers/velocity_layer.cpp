#include "app/canvas/layers/velocity_layer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/canvas/layers/figure_layers.hpp"
#include "app/canvas/layers/point_geometry.hpp"
#include "render/gl/line_renderer.hpp"

namespace monge {

std::unique_ptr<Layer> VelocityLayer::make(const LayerSetup& setup) {
  if (setup.scene.source_mesh || !setup.first_state.grid.empty() || setup.scene.flow.is_null()) return nullptr;
  return std::make_unique<VelocityLayer>();
}

VelocityLayer::VelocityLayer() { enabled_ = false; }
VelocityLayer::~VelocityLayer() = default;

void VelocityLayer::take_sample(const Points& points, Points& out) const {
  // Every k-th particle, the same ones in every state.
  const int n = static_cast<int>(points.rows()), stride = std::max(1, (n + max_arrows_ - 1) / max_arrows_);
  out.resize((n + stride - 1) / stride, points.cols());
  for (int i = 0, r = 0; i < n; i += stride, ++r) out.row(r) = points.row(i);
}

void VelocityLayer::set_state(const FlowState& state) {
  if (!enabled_ || state.points.rows() == 0) {
    have_before_ = false;  // a velocity needs two states in a row
    return;
  }
  std::swap(before_, now_);
  before_time_ = now_time_;
  take_sample(state.points, now_);
  now_time_ = state.time;
  const double dt = now_time_ - before_time_;
  if (have_before_ && before_.rows() == now_.rows() && dt > 0) {
    velocity_ = (now_ - before_) / static_cast<float>(dt);
  } else if (!have_before_ || dt < 0) {
    velocity_.setZero(now_.rows(), now_.cols());  // the first state, or scrubbed backwards
  }
  have_before_ = true;
}

void VelocityLayer::draw(const DrawContext& context) {
  if (velocity_.rows() != now_.rows() || now_.rows() == 0) return;
  float fastest = 0.0f;
  for (int i = 0; i < velocity_.rows(); ++i) fastest = std::max(fastest, velocity_.row(i).norm());
  if (!(fastest > 0.0f) || !std::isfinite(fastest)) return;
  // The fastest arrow is 8% of the view's height: arrows keep their size on screen as one zooms.
  const float view_height = context.camera.world_per_pixel(context.vp) * static_cast<float>(context.vp.height);
  const float seconds = scale_ * 0.08f * view_height / fastest;
  const glm::vec3 side = context.camera.mode == ViewMode::Planar2D
                             ? glm::vec3(0.0f, 0.0f, 1.0f)
                             : glm::normalize(context.camera.eye() - context.camera.target);
  lines_.clear();
  for (int i = 0; i < now_.rows(); ++i) {
    const glm::vec3 tail = point3(now_, i), v = point3(velocity_, i);
    append_arrow(tail, tail + seconds * v, side, glm::vec4(1.0f, 1.0f, 1.0f, 0.75f), lines_);
  }
  context.renderers.lines().draw(lines_, context.camera, context.vp, context.pixel_scale);
}

bool VelocityLayer::build_ui() {
  bool changed = ImGui::SliderFloat("arrow scale", &scale_, 0.1f, 10.0f, "%.2f", ImGuiSliderFlags_Logarithmic);
  changed |= ImGui::SliderInt("arrows", &max_arrows_, 10, 5000);
  return changed;
}

void VelocityLayer::load_settings(const ViewSettings& view) {
  const auto section = view.sections.find("velocity");
  if (section == view.sections.end()) return;
  const JsonNode node(*section, view.file_label, "view.velocity");
  node.only_keys({"show", "scale", "max_arrows"});
  enabled_ = node.boolean_or("show", enabled_);
  scale_ = static_cast<float>(node.number_or("scale", scale_, 1e-3, 1e3));
  max_arrows_ = static_cast<int>(node.integer_or("max_arrows", max_arrows_, 1, 100000));
}

void VelocityLayer::store_settings(ViewSettings& view) const {
  view.sections["velocity"] = {{"show", enabled_}, {"scale", scale_}, {"max_arrows", max_arrows_}};
}

}  // namespace monge
