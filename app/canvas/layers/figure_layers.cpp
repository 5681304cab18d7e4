#include "app/canvas/layers/figure_layers.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/canvas/layers/ellipse_lines.hpp"
#include "app/canvas/layers/point_geometry.hpp"
#include "render/gl/field_renderer.hpp"
#include "render/gl/line_renderer.hpp"

namespace monge {
namespace {

// One layer per entry of the first state's `entries` (each has a .name).
template <class L, class Entries>
std::vector<std::unique_ptr<Layer>> one_per_entry(const Entries& entries) {
  std::vector<std::unique_ptr<Layer>> layers;
  for (const auto& e : entries) layers.push_back(std::make_unique<L>(e.name));
  return layers;
}

template <class Entries>
const typename Entries::value_type* find_entry(const Entries& entries, const std::string& name) {
  for (const auto& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

// The direction the viewer looks along (2D: out of the plane).
glm::vec3 view_normal(const Camera& camera) {
  if (camera.mode == ViewMode::Planar2D) return glm::vec3(0.0f, 0.0f, 1.0f);
  return glm::normalize(camera.eye() - camera.target);
}

}  // namespace

// --- FigureLayer -------------------------------------------------------------------------------

void FigureLayer::load_settings(const ViewSettings& view) {
  const auto figures = view.sections.find("figures");
  if (figures == view.sections.end() || !figures->contains(figure_)) return;
  const JsonNode node((*figures)[figure_], view.file_label, "view.figures." + figure_);
  node.only_keys({"show", "opacity"});
  enabled_ = node.boolean_or("show", enabled_);
  opacity_ = static_cast<float>(node.number_or("opacity", opacity_, 0.0, 1.0));
}

void FigureLayer::store_settings(ViewSettings& view) const {
  view.sections["figures"][figure_] = {{"show", enabled_}, {"opacity", opacity_}};
}

bool FigureLayer::build_ui() { return ImGui::SliderFloat("opacity", &opacity_, 0.0f, 1.0f); }

void append_arrow(const glm::vec3& tail, const glm::vec3& head, const glm::vec3& side, const glm::vec4& color,
                  std::vector<LineVertex>& out) {
  const glm::vec3 shaft = head - tail;
  const float length = glm::length(shaft);
  out.push_back({tail, color});
  out.push_back({head, color});
  if (!(length > 0.0f)) return;
  const glm::vec3 along = shaft / length;
  glm::vec3 across = glm::cross(side, along);
  if (glm::length(across) < 1e-6f) return;
  across = glm::normalize(across);
  const float h = 0.25f * length;
  for (float s : {1.0f, -1.0f}) {
    out.push_back({head, color});
    out.push_back({head - h * along + s * 0.5f * h * across, color});
  }
}

// --- EllipseSetLayer ---------------------------------------------------------------------------

std::vector<std::unique_ptr<Layer>> EllipseSetLayer::make_all(const LayerSetup& setup) {
  return one_per_entry<EllipseSetLayer>(setup.first_state.figures.ellipses);
}

EllipseSetLayer::~EllipseSetLayer() = default;

void EllipseSetLayer::set_state(const FlowState& state) {
  if (const EllipseSet* e = find_entry(state.figures.ellipses, figure_)) set_ = *e;
}

void EllipseSetLayer::extend_bounds(glm::vec3& lo, glm::vec3& hi) const {
  // Each ellipse's box at 2 standard deviations: mean +- 2 sqrt(cov_kk).
  const int d = static_cast<int>(set_.means.cols());
  for (int k = 0; k < set_.size(); ++k)
    for (int c = 0; c < std::min(d, 3); ++c) {
      const float r = 2.0f * std::sqrt(std::max(set_.covariances(k, c * d + c), 0.0f));
      lo[c] = std::min(lo[c], set_.means(k, c) - r);
      hi[c] = std::max(hi[c], set_.means(k, c) + r);
    }
}

void EllipseSetLayer::draw(const DrawContext& context) {
  const int d = static_cast<int>(set_.means.cols());
  if (set_.size() == 0 || (d != 2 && d != 3)) return;
  lines_.clear();
  float lo = 0.0f, hi = 1.0f;
  if (!set_.values.empty()) {
    const auto [a, b] = std::minmax_element(set_.values.begin(), set_.values.end());
    lo = *a;
    hi = *b > *a ? *b : *a + 1.0f;
  }
  for (int k = 0; k < set_.size(); ++k) {
    glm::vec4 color(set_.color[0], set_.color[1], set_.color[2], set_.color[3] * opacity_);
    if (static_cast<int>(set_.values.size()) == set_.size())
      color = glm::vec4(colormap_sample(Colormap::Viridis, (set_.values[k] - lo) / (hi - lo)), set_.color[3] * opacity_);
    if (d == 2) {
      Gaussian2 g;
      g.mean[0] = set_.means(k, 0);
      g.mean[1] = set_.means(k, 1);
      g.cov[0] = set_.covariances(k, 0);
      g.cov[1] = 0.5f * (set_.covariances(k, 1) + set_.covariances(k, 2));
      g.cov[2] = set_.covariances(k, 3);
      append_ellipse(g, color, set_.dashed, lines_);
    } else {
      append_ellipsoid(&set_.means(k, 0), &set_.covariances(k, 0), color, set_.dashed, lines_);
    }
  }
  context.renderers.lines().draw(lines_, context.camera, context.vp, 1.5f * context.pixel_scale);
}

// --- ArrowSetLayer -----------------------------------------------------------------------------

std::vector<std::unique_ptr<Layer>> ArrowSetLayer::make_all(const LayerSetup& setup) {
  return one_per_entry<ArrowSetLayer>(setup.first_state.figures.arrows);
}

ArrowSetLayer::~ArrowSetLayer() = default;

void ArrowSetLayer::set_state(const FlowState& state) {
  if (const ArrowSet* a = find_entry(state.figures.arrows, figure_)) set_ = *a;
}

void ArrowSetLayer::draw(const DrawContext& context) {
  if (set_.size() == 0 || set_.heads.rows() != set_.tails.rows()) return;
  lines_.clear();
  const glm::vec3 side = view_normal(context.camera);
  const glm::vec4 color(0.85f, 0.95f, 1.0f, 0.8f * opacity_);
  // An arrow longer than a sixth of the view is drawn at that length, its direction kept: a field
  // that blows up somewhere (a score near t = 0) would otherwise cover the picture.
  const float longest = context.camera.world_per_pixel(context.vp) * static_cast<float>(context.vp.height) / 6.0f;
  for (int i = 0; i < set_.size(); ++i) {
    const glm::vec3 tail = point3(set_.tails, i);
    glm::vec3 shaft = point3(set_.heads, i) - tail;
    const float length = glm::length(shaft);
    if (!std::isfinite(length)) continue;
    if (length > longest) shaft *= longest / length;
    append_arrow(tail, tail + shaft, side, color, lines_);
  }
  context.renderers.lines().draw(lines_, context.camera, context.vp, context.pixel_scale);
}

// --- ScalarFieldLayer --------------------------------------------------------------------------

std::vector<std::unique_ptr<Layer>> ScalarFieldLayer::make_all(const LayerSetup& setup) {
  if (setup.scene.dim != 2) return {};
  // Fields are opaque: one at a time shows, the flow's first; the others start switched off (the
  // layer panel or "figures": {"NAME": {"show": true}} turns them on).
  auto layers = one_per_entry<ScalarFieldLayer>(setup.first_state.figures.fields);
  for (std::size_t i = 1; i < layers.size(); ++i) layers[i]->set_enabled(false);
  return layers;
}

ScalarFieldLayer::~ScalarFieldLayer() = default;

void ScalarFieldLayer::set_state(const FlowState& state) {
  if (const ScalarField* f = find_entry(state.figures.fields, figure_)) {
    field_ = *f;
    dirty_ = true;
  }
}

void ScalarFieldLayer::extend_bounds(glm::vec3& lo, glm::vec3& hi) const {
  if (field_.grid.empty()) return;
  lo = glm::min(lo, glm::vec3(field_.grid.x0, field_.grid.y0, 0.0f));
  hi = glm::max(hi, glm::vec3(field_.grid.x1, field_.grid.y1, 0.0f));
}

void ScalarFieldLayer::draw(const DrawContext& context) {
  if (field_.grid.empty()) return;
  if (dirty_) {
    if (!texture_) texture_ = std::make_unique<FieldTexture>();
    texture_->set_grid(field_.grid);
    for (float v : field_.grid.values)
      if (std::isfinite(v)) extent_ = std::max(extent_, field_.diverging ? std::abs(v) : v);
    dirty_ = false;
  }
  // The range grows only, so that a colour means the same value in every frame of a recording.
  FieldStyle style;
  const float extent = extent_ > 0 ? extent_ : 1.0f;
  style.colormap = field_.diverging ? Colormap::Coolwarm : Colormap::Viridis;
  style.range = field_.diverging ? glm::vec2(-extent, extent) : glm::vec2(0.0f, extent);
  style.opacity = opacity_;
  context.renderers.fields().draw(*texture_, style, context.camera, context.vp);
  legend_ = FieldLegend{style.colormap, style.range.x, style.range.y, false, field_.name};
}

void ScalarFieldLayer::draw_overlay(const OverlayContext& context) {
  if (legend_) add_colorbar(context, *legend_);
}

}  // namespace monge
