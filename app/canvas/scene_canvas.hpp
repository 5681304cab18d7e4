#pragma once
// Draws a scene's state: a list of layers (layer.hpp) chosen when the scene loads, drawn back to
// front into any viewport with any camera. The GLFW window, `monge render`, `monge record` and
// the panes of a split view all draw through this one class.
//
//   SceneCanvas canvas;                                  // a GL 4.5 context is current
//   canvas.set_scene(scene, view, simulation.state());   // makes the layers, applies the settings
//   canvas.set_state(state); canvas.set_diagnostics(d);  // each new state shown
//   canvas.draw(camera, vp);                             // into the bound framebuffer region
//   canvas.draw_overlays(under, over, w, h);             // colour bars, captions (ImGui draw lists)
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "app/canvas/layer.hpp"

namespace monge {

class SceneCanvas {
 public:
  SceneCanvas();  // needs a current GL 4.5 context
  ~SceneCanvas();
  SceneCanvas(const SceneCanvas&) = delete;
  SceneCanvas& operator=(const SceneCanvas&) = delete;

  // A new scene: its layers, made from what the scene and its flow's first state carry, take
  // their settings from `view`. Throws InputError naming a "view" section no layer claims.
  void set_scene(const Scene& scene, const ViewSettings& view, const FlowState& first_state);
  // A state to show (the live one, or a stored frame) and the latest step's diagnostics (empty
  // for stored frames: an exact solution is drawn for the live state only).
  void set_state(const FlowState& state);
  void set_diagnostics(const Diagnostics& diagnostics);

  // Clear to the background (alpha 0 if `transparent`) and draw every enabled layer.
  // pixel_scale multiplies sizes given in pixels (a screenshot at 2x the window's size).
  void draw(const Camera& camera, const Viewport& vp, bool transparent = false, float pixel_scale = 1.0f);
  // Colour bars into `under` at the right of the pane, captions into `over` across the frame (ImGui
  // draw lists), with `font` at `font_px` (text_font.hpp: frame text scales with the frame).
  void draw_overlays(ImDrawList* under, ImDrawList* over, const OverlayArea& area, ImFont* font, float font_px);
  // Each listed layer's panel section (header, on/off, its controls). True if a setting changed.
  bool build_ui();
  // What lies under window pixel `pixel` (y down) as last drawn with `camera` into `vp`.
  std::optional<Pick> pick(const Camera& camera, const Viewport& vp, glm::vec2 pixel, float radius_px) const;

  // The settings of the canvas and of every layer, as a "view" document (for "Save scene as",
  // and to keep the panes of a split view alike), and back.
  ViewSettings settings() const;
  void apply_settings(const ViewSettings& view);
  // Bumped whenever a setting changes (apply_settings, or the panel).
  std::uint64_t settings_version() const { return settings_version_; }

  // Bounding box of what the layers draw, for "fit".
  void bounds(glm::vec3& lo, glm::vec3& hi) const;
  // Bytes sent to the GPU by the last set_state (the status bar).
  std::size_t uploaded_bytes() const;
  const std::vector<std::unique_ptr<Layer>>& layers() const { return layers_; }
  Layer* find(std::string_view name) const;

  // Let large 2D clouds be drawn on the CPU (the window, on a software rasteriser, where that is
  // ten times cheaper). Off by default, so that recordings and `monge render` draw through GL alike.
  void set_cpu_splat(bool on) { cpu_splat_ = on; }

 private:
  DrawContext context(const Camera& camera, const Viewport& vp, float pixel_scale) const;
  std::unique_ptr<SharedRenderers> renderers_;
  std::vector<std::unique_ptr<Layer>> layers_;
  ViewSettings view_;     // the canvas-level settings, and every key as last applied
  CanvasStyle style_;
  int dim_ = 2;
  bool empty_source_ = false;
  double time_ = 0.0;     // of the state shown (captions)
  bool cpu_splat_ = false;
  std::uint64_t settings_version_ = 0;
};

// The camera a view asks for, or one fitted to the canvas's data.
Camera camera_for(const ViewSettings& view, const SceneCanvas& canvas, const Viewport& vp);

}  // namespace monge
