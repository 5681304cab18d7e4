#include "app/canvas/scene_canvas.hpp"

#include <imgui.h>

#include <algorithm>
#include <limits>

#include "app/canvas/layer_registry.hpp"
#include "app/canvas/layers/point_geometry.hpp"
#include "base/errors.hpp"
#include "render/gl/field_renderer.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/line_renderer.hpp"
#include "render/gl/mesh_renderer.hpp"
#include "render/gl/point_renderer.hpp"

namespace monge {

// --- SharedRenderers ---------------------------------------------------------------------------

SharedRenderers::SharedRenderers() = default;
SharedRenderers::~SharedRenderers() = default;

PointRenderer& SharedRenderers::points() {
  if (!points_) points_ = std::make_unique<PointRenderer>();
  return *points_;
}
LineRenderer& SharedRenderers::lines() {
  if (!lines_) lines_ = std::make_unique<LineRenderer>();
  return *lines_;
}
MeshRenderer& SharedRenderers::meshes() {
  if (!meshes_) meshes_ = std::make_unique<MeshRenderer>();
  return *meshes_;
}
FieldRenderer& SharedRenderers::fields() {
  if (!fields_) fields_ = std::make_unique<FieldRenderer>();
  return *fields_;
}

// --- SceneCanvas -------------------------------------------------------------------------------

SceneCanvas::SceneCanvas() : renderers_(std::make_unique<SharedRenderers>()) {}
SceneCanvas::~SceneCanvas() = default;

void SceneCanvas::set_scene(const Scene& scene, const ViewSettings& view, const FlowState& first_state) {
  const auto& kinds = layer_kinds();
  for (const auto& [name, section] : view.sections.items())
    if (std::none_of(kinds.begin(), kinds.end(), [&](const LayerKind& k) { return k.section == name; }))
      throw InputError(view.file_label + ": view." + name + ": unknown key (not a setting, nor a layer's section)");
  // Made and set up aside, so that a refused setting leaves the current scene's layers as they were.
  std::vector<std::unique_ptr<Layer>> made;
  for (const LayerKind& kind : kinds)
    for (auto& layer : kind.make(LayerSetup{scene, first_state, made})) made.push_back(std::move(layer));
  for (auto& layer : made) layer->load_settings(view);
  layers_ = std::move(made);
  dim_ = scene.dim;
  empty_source_ = scene.source.size() == 0;
  apply_settings(view);
  set_state(first_state);
}

void SceneCanvas::set_state(const FlowState& state) {
  time_ = state.time;
  for (auto& layer : layers_) layer->set_state(state);
}

void SceneCanvas::set_diagnostics(const Diagnostics& diagnostics) {
  for (auto& layer : layers_) layer->set_diagnostics(diagnostics);
}

DrawContext SceneCanvas::context(const Camera& camera, const Viewport& vp, float pixel_scale) const {
  return DrawContext{camera, vp, *renderers_, style_, pixel_scale, cpu_splat_};
}

void SceneCanvas::draw(const Camera& camera, const Viewport& vp, bool transparent, float pixel_scale) {
  frame::clear(view_.background, transparent ? 0.0f : 1.0f);
  const DrawContext ctx = context(camera, vp, pixel_scale);
  for (auto& layer : layers_)
    if (layer->enabled()) layer->draw(ctx);
}

void SceneCanvas::draw_overlays(ImDrawList* under, ImDrawList* over, const OverlayArea& area, ImFont* font,
                                float font_px) {
  float colorbar_right = area.left + area.width;
  const OverlayContext ctx{under, over, area, time_, font, font_px, &colorbar_right};
  for (auto& layer : layers_)
    if (layer->enabled()) layer->draw_overlay(ctx);
}

bool SceneCanvas::build_ui() {
  bool changed = false;
  ImGui::PushID(this);
  changed |= ImGui::Checkbox("size in world units", &view_.size_in_world);
  changed |= ImGui::DragFloat("point size", &view_.point_size, view_.size_in_world ? 0.001f : 0.1f, 0.001f, 256.0f, "%.3g");
  changed |= ImGui::ColorEdit3("background", view_.background.data(), ImGuiColorEditFlags_NoInputs);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    Layer& layer = *layers_[i];
    if (!layer.listed()) continue;
    ImGui::PushID(static_cast<int>(i));
    bool on = layer.enabled();
    if (ImGui::Checkbox("##on", &on)) {
      layer.set_enabled(on);
      changed = true;
    }
    ImGui::SameLine();
    if (ImGui::TreeNode(layer.name().c_str())) {
      changed |= layer.build_ui();
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::PopID();
  // Layers that read the same key (a mesh's shading, the particles' and trails' colours) follow
  // the one that changed it.
  if (changed) apply_settings(settings());
  return changed;
}

std::optional<Pick> SceneCanvas::pick(const Camera& camera, const Viewport& vp, glm::vec2 pixel, float radius_px) const {
  const DrawContext ctx = context(camera, vp, 1.0f);
  std::optional<Pick> best;
  for (const auto& layer : layers_) {
    if (!layer->enabled()) continue;
    const auto pick = layer->pick(ctx, pixel, radius_px);
    if (pick && (!best || pick->depth < best->depth)) best = pick;
  }
  return best;
}

ViewSettings SceneCanvas::settings() const {
  ViewSettings view = view_;
  for (const auto& layer : layers_) layer->store_settings(view);
  return view;
}

void SceneCanvas::apply_settings(const ViewSettings& view) {
  view_ = view;
  style_ = CanvasStyle{view.point_size, view.size_in_world};
  for (auto& layer : layers_) layer->load_settings(view);
  ++settings_version_;
}

void SceneCanvas::bounds(glm::vec3& lo, glm::vec3& hi) const {
  lo = glm::vec3(std::numeric_limits<float>::max());
  hi = glm::vec3(-std::numeric_limits<float>::max());
  for (const auto& layer : layers_) layer->extend_bounds(lo, hi);
  if (empty_source_ || !(lo.x <= hi.x)) lo = glm::vec3(-1.0f), hi = glm::vec3(1.0f);
  if (dim_ < 3) lo.z = hi.z = 0.0f;
}

std::size_t SceneCanvas::uploaded_bytes() const {
  std::size_t bytes = 0;
  for (const auto& layer : layers_) bytes += layer->uploaded_bytes();
  return bytes;
}

Layer* SceneCanvas::find(std::string_view name) const {
  for (const auto& layer : layers_)
    if (layer->name() == name) return layer.get();
  return nullptr;
}

Camera camera_for(const ViewSettings& view, const SceneCanvas& canvas, const Viewport& vp) {
  if (view.camera) {
    Camera c = *view.camera;
    c.mode = view.mode;
    c.projection = view.projection;
    return c;
  }
  Camera c;
  c.mode = view.mode;
  c.projection = view.projection;
  glm::vec3 lo, hi;
  canvas.bounds(lo, hi);
  c.fit(lo, hi, vp);
  return c;
}

}  // namespace monge
