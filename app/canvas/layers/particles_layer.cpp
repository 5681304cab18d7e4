#include "app/canvas/layers/particles_layer.hpp"

#include <imgui.h>

#include <cmath>

#include "app/canvas/layers/point_geometry.hpp"
#include "app/canvas/layers/point_text.hpp"
#include "app/canvas/widgets.hpp"
#include "render/gl/point_renderer.hpp"
#include "render/gl/splat_layer.hpp"

namespace monge {
namespace {

// Below this many points GL's cost on llvmpipe is close to the splat's fixed cost (clearing,
// uploading and compositing a window-sized layer): 20k points, 24 ms a frame through GL against
// 30 ms splatted; 100k points, 62 ms against 32 ms.
constexpr int kCpuSplatMinPoints = 50000;

}  // namespace

std::unique_ptr<Layer> ParticlesLayer::make(const LayerSetup& setup) {
  if (setup.scene.source_mesh || !setup.first_state.grid.empty()) return nullptr;
  return std::make_unique<ParticlesLayer>(setup.scene.source.points);
}

ParticlesLayer::ParticlesLayer(const Points& start) : start_(start), now_(start) { recolour(); }
ParticlesLayer::~ParticlesLayer() = default;

void ParticlesLayer::recolour() {
  scalars_ = color_scalars(start_, color_by_, range_.x, range_.y);
  if (color_by_ == ColorBy::Speed) {
    fastest_ = 0.0f;
    before_.resize(0, 0);  // a speed needs two states in a row
  }
  colours_dirty_ = true;
}

void ParticlesLayer::set_state(const FlowState& state) {
  if (state.points.rows() == 0) return;
  if (color_by_ == ColorBy::Speed) std::swap(before_, now_);
  now_ = state.points;  // same size every frame: no allocation after the first
  positions_dirty_ = true;
  before_time_ = now_time_;
  now_time_ = state.time;
  if (color_by_ == ColorBy::Speed) measure_speed();
}

// |x(t) - x(t')| / (t - t') between the last two states shown; zero for the first state or after
// a jump back in time (scrubbing).
void ParticlesLayer::measure_speed() {
  const double dt = now_time_ - before_time_;
  scalars_.assign(now_.rows(), 0.0f);
  if (before_.rows() == now_.rows() && before_.cols() == now_.cols() && dt > 0)
    for (int i = 0; i < now_.rows(); ++i) {
      scalars_[i] = (now_.row(i) - before_.row(i)).norm() / static_cast<float>(dt);
      if (std::isfinite(scalars_[i])) fastest_ = std::max(fastest_, scalars_[i]);
    }
  range_ = glm::vec2(0.0f, fastest_ > 0.0f ? fastest_ : 1.0f);
  colours_dirty_ = true;
}

// Where the particles started and where they are: "fit" frames the whole transport.
void ParticlesLayer::extend_bounds(glm::vec3& lo, glm::vec3& hi) const {
  monge::extend_bounds(start_, lo, hi);
  monge::extend_bounds(now_, lo, hi);
}

void ParticlesLayer::draw(const DrawContext& context) {
  if (!buffer_) buffer_ = std::make_unique<PointBuffer>();
  buffer_->reset_upload_counter();
  if (positions_dirty_) buffer_->set_positions(now_.data(), static_cast<int>(now_.rows()), static_cast<int>(now_.cols()));
  if (colours_dirty_) buffer_->set_scalars(scalars_.data(), static_cast<int>(scalars_.size()));
  uploaded_ = buffer_->uploaded_bytes();
  positions_dirty_ = colours_dirty_ = false;

  PointStyle style;
  style.size = context.style.point_size * (context.style.size_in_world ? 1.0f : context.pixel_scale);
  style.size_in_world = context.style.size_in_world;
  style.colormap = colormap_;
  style.scalar_range = range_;
  const int n = static_cast<int>(now_.rows());
  const bool splat = context.cpu_splat && context.camera.mode == ViewMode::Planar2D && n >= kCpuSplatMinPoints &&
                     scalars_.size() == static_cast<std::size_t>(n);
  if (splat) {
    if (!splat_) splat_ = std::make_unique<SplatLayer>();
    splat_->draw(now_.data(), n, static_cast<int>(now_.cols()), scalars_.data(), style, context.camera, context.vp,
                 context.renderers.points().max_point_size());
  } else {
    context.renderers.points().draw(*buffer_, style, context.camera, context.vp);
  }
}

FieldLegend ParticlesLayer::legend() const {
  static const char* kLabels[] = {"x at the start", "y at the start", "z at the start", "index",
                                  "distance from the centre at the start", "speed"};
  return FieldLegend{colormap_, range_.x, range_.y, false, kLabels[static_cast<int>(color_by_)]};
}

void ParticlesLayer::draw_overlay(const OverlayContext& context) {
  if (show_colorbar_) add_colorbar(context, legend());
}

bool ParticlesLayer::build_ui() {
  bool changed = colormap_combo("colormap", colormap_);
  if (ImGui::BeginCombo("colour by", color_by_name(color_by_).data())) {
    for (int i = 0; i <= static_cast<int>(ColorBy::Speed); ++i)
      if (ImGui::Selectable(color_by_name(static_cast<ColorBy>(i)).data(), i == static_cast<int>(color_by_))) {
        color_by_ = static_cast<ColorBy>(i);
        recolour();
        changed = true;
      }
    ImGui::EndCombo();
  }
  changed |= ImGui::Checkbox("colour bar", &show_colorbar_);
  return changed;
}

std::optional<Pick> ParticlesLayer::pick(const DrawContext& context, glm::vec2 pixel, float radius_px) const {
  return pick_point(now_, context, pixel, radius_px, "particles");
}

std::vector<std::pair<std::string, std::string>> ParticlesLayer::describe(int i) const {
  if (i < 0 || i >= now_.rows()) return {};
  std::vector<std::pair<std::string, std::string>> rows = {{"position", point_text(now_, i)},
                                                            {"start", point_text(start_, i)}};
  if (static_cast<std::size_t>(i) < scalars_.size()) rows.push_back({"colour: " + legend().label, number_text(scalars_[i])});
  return rows;
}

void ParticlesLayer::load_settings(const ViewSettings& view) {
  enabled_ = view.show_source;
  colormap_ = view.colormap;
  show_colorbar_ = view.colorbar;
  if (view.color_by != color_by_) {
    color_by_ = view.color_by;
    recolour();
  }
}

void ParticlesLayer::store_settings(ViewSettings& view) const {
  view.show_source = enabled_;
  view.colormap = colormap_;
  view.color_by = color_by_;
  view.colorbar = show_colorbar_;
}

}  // namespace monge
