#include "app/canvas/layers/density_layer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/canvas/widgets.hpp"
#include "app/scene/density_estimate.hpp"
#include "render/gl/field_renderer.hpp"

namespace monge {

std::unique_ptr<Layer> DensityLayer::make(const LayerSetup& setup) {
  if (setup.scene.dim != 2) return nullptr;
  return std::make_unique<DensityLayer>(!setup.first_state.grid.empty());
}

DensityLayer::DensityLayer(bool grid_flow) : grid_flow_(grid_flow) {}
DensityLayer::~DensityLayer() = default;

void DensityLayer::set_state(const FlowState& state) {
  if (!state.grid.empty()) {
    grid_ = state.grid;
    dirty_ = true;
  } else if (!grid_flow_ && state.points.rows() > 0) {
    particles_ = state.points;  // same size every frame: no allocation after the first
    dirty_ = true;
  }
}

void DensityLayer::extend_bounds(glm::vec3& lo, glm::vec3& hi) const {
  // "Fit" frames a grid flow's whole grid, not only its particles.
  if (!grid_flow_ || grid_.empty()) return;
  lo = glm::min(lo, glm::vec3(grid_.x0, grid_.y0, 0.0f));
  hi = glm::max(hi, glm::vec3(grid_.x1, grid_.y1, 0.0f));
}

void DensityLayer::draw(const DrawContext& context) {
  const bool was_kde = kde_shown_;
  kde_shown_ = particle_density_ && !grid_flow_ && particles_.rows() > 0;
  if (kde_shown_ != was_kde) dirty_ = true;
  if (!grid_flow_ && !kde_shown_) {
    legend_.reset();
    return;
  }
  if (dirty_) {
    if (kde_shown_) kde_grid(particles_, KdeOptions(), grid_);
    if (grid_.empty()) return;
    if (!texture_) texture_ = std::make_unique<FieldTexture>();
    const glm::vec4 bounds(grid_.x0, grid_.y0, grid_.x1, grid_.y1);
    if (texture_->nx() == grid_.nx && texture_->ny() == grid_.ny && texture_->bounds() == bounds &&
        texture_->has_obstacles() == !grid_.obstacle.empty())
      texture_->update_values(grid_.values.data());
    else
      texture_->set_grid(grid_);
    for (float v : grid_.values)
      if (std::isfinite(v)) peak_ = std::max(peak_, v);
    dirty_ = false;
  }
  if (!texture_) return;
  // "auto": from 0 (or 1e-3 of the peak on a log scale) to the largest density seen since the
  // scene started, so that a colour means the same density in every frame of a recording.
  FieldStyle style;
  style.colormap = colormap_;
  style.log_scale = log_scale_;
  const float peak = peak_ > 0 ? peak_ : 1.0f;
  style.range = range_ ? glm::vec2((*range_)[0], (*range_)[1]) : glm::vec2(log_scale_ ? peak * 1e-3f : 0.0f, peak);
  style.hide_below = log_scale_;
  style.threshold = style.range.x;
  if (kde_shown_) style.opacity = 0.85f;
  context.renderers.fields().draw(*texture_, style, context.camera, context.vp);
  legend_ = FieldLegend{style.colormap, style.range.x, style.range.y, style.log_scale,
                        kde_shown_ ? "particle density (KDE)" : "density"};
}

void DensityLayer::draw_overlay(const OverlayContext& context) {
  if (legend_) add_colorbar(context, *legend_);
}

bool DensityLayer::build_ui() {
  bool changed = false;
  if (!grid_flow_) changed |= ImGui::Checkbox("particles as density (KDE)", &particle_density_);
  changed |= colormap_combo("field colormap", colormap_);
  bool fixed = range_.has_value();
  if (ImGui::Checkbox("fixed range", &fixed)) {
    if (fixed) range_ = std::array<float, 2>{legend_ ? legend_->lo : 0.0f, legend_ ? legend_->hi : 1.0f};
    else range_.reset();
    changed = true;
  }
  if (range_) {
    auto& r = *range_;
    changed |= ImGui::DragFloat2("range", r.data(), 0.01f * std::max(std::abs(r[1]), 1e-3f), 0.0f, 0.0f, "%.4g");
    if (!(r[1] > r[0])) r[1] = r[0] + 1e-6f;
  } else {
    ImGui::SameLine();
    ImGui::TextDisabled("auto: 0 to the peak so far");
  }
  changed |= ImGui::Checkbox("log scale", &log_scale_);
  if (log_scale_ && range_ && (*range_)[0] <= 0) (*range_)[0] = 1e-6f;
  return changed;
}

void DensityLayer::load_settings(const ViewSettings& view) {
  particle_density_ = view.particle_density;
  colormap_ = view.field_colormap;
  range_ = view.field_range;
  log_scale_ = view.field_log;
}

void DensityLayer::store_settings(ViewSettings& view) const {
  view.particle_density = particle_density_;
  view.field_colormap = colormap_;
  view.field_range = range_;
  view.field_log = log_scale_;
}

}  // namespace monge
