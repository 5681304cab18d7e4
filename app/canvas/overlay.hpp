#pragma once
// Text drawn into headless frames with Dear ImGui, so that the window and recordings look the
// same: the canvas's overlays (colour bars, captions: its layers draw them), the column labels of
// a split view and, optionally, an info panel (scene, flow, step, time, diagnostics).
// HeadlessOverlay owns its own ImGui context for EGL rendering.
#include <string>
#include <vector>

#include "app/scene/scene.hpp"
#include "app/scene/simulation.hpp"
#include "app/canvas/text_font.hpp"
#include "render/camera.hpp"

struct ImGuiContext;
struct ImGuiIO;
struct ImDrawList;

namespace monge {

class SceneCanvas;

// What a frame shows besides the scene: the column labels of a split view, and the canvases of
// its columns, left to right (each draws its colour bars in its column, the first the captions).
struct FrameExtras {
  std::vector<std::string> column_labels;
  std::vector<SceneCanvas*> canvases;
};

// The overlays of `canvases`, one per equal column of a width x height frame (ImGui units).
void draw_column_overlays(const std::vector<SceneCanvas*>& canvases, ImDrawList* under, ImDrawList* over, float width,
                          float height, ImFont* font, float font_px);

// Column labels of a split view over a width x height area (ImGui units), `n` equal columns.
void draw_column_labels(ImDrawList* draw, const std::vector<std::string>& labels, float width, float height, float top);

class HeadlessOverlay {
 public:
  explicit HeadlessOverlay(bool info_panel);  // needs a current GL context
  ~HeadlessOverlay();
  HeadlessOverlay(const HeadlessOverlay&) = delete;
  HeadlessOverlay& operator=(const HeadlessOverlay&) = delete;

  // Draw the canvas's overlays (and the info panel) over the bound framebuffer of size vp; with
  // column labels (a split view), also each column's label at its top and a thin line between columns.
  void draw(const Simulation& sim, const Viewport& vp, const FrameExtras& extras = {});
  // The same without an info panel (one made with info_panel false).
  void draw(const Viewport& vp, const FrameExtras& extras);

 private:
  // `sim` is read only for the info panel.
  void draw_frame(const Simulation* sim, const Viewport& vp, const FrameExtras& extras);
  void build(const Simulation* sim, ImGuiIO& io, float font_px, const FrameExtras& extras);
  bool info_panel_;
  ImGuiContext* context_ = nullptr;
  ImGuiContext* previous_ = nullptr;
  TextFonts fonts_;
};

}  // namespace monge
