#pragma once
// Text drawn into frames: timed captions (a scene's "captions") and, optionally, an info panel
// (scene, flow, step, time, diagnostics). Drawn with Dear ImGui so the window and headless
// recordings look the same; HeadlessOverlay owns its own ImGui context for EGL rendering.
#include <string>
#include <vector>

#include "app/scene/scene.hpp"
#include "app/scene/simulation.hpp"
#include "app/canvas/scene_view.hpp"
#include "render/camera.hpp"

struct ImGuiContext;
struct ImGuiIO;
struct ImDrawList;

namespace monge {

// The caption showing at flow time t, or nullptr: the latest one with at <= t, until its
// "until" (or the next caption's "at").
const Caption* caption_at(const std::vector<Caption>& captions, double t);

// What a frame shows besides the scene: the column labels of a split view and the colour bar of
// a density field.
struct FrameExtras {
  std::vector<std::string> column_labels;
  std::optional<FieldLegend> legend;
};

// A vertical colour bar with ticks and its label, right-aligned in a width x height area.
void draw_colorbar(ImDrawList* draw, const FieldLegend& legend, float width, float height);

// Column labels of a split view over a width x height area (ImGui units), `n` equal columns.
void draw_column_labels(ImDrawList* draw, const std::vector<std::string>& labels, float width, float height, float top);

// Draw the current caption centred near the bottom of a width x height area (ImGui units).
void draw_caption(ImDrawList* draw, const std::vector<Caption>& captions, double t, float width, float height);

class HeadlessOverlay {
 public:
  explicit HeadlessOverlay(bool info_panel);  // needs a current GL context
  ~HeadlessOverlay();
  HeadlessOverlay(const HeadlessOverlay&) = delete;
  HeadlessOverlay& operator=(const HeadlessOverlay&) = delete;

  // Draw captions (and the info panel) over the bound framebuffer of size vp; with column labels
  // (a split view), also each column's label at its top and a thin line between columns.
  void draw(const Simulation& sim, const Viewport& vp, const FrameExtras& extras = {});

 private:
  void build(const Simulation& sim, ImGuiIO& io, float font_px, const FrameExtras& extras);
  bool info_panel_;
  ImGuiContext* context_ = nullptr;
  ImGuiContext* previous_ = nullptr;
  float font_px_ = 0.0f;
};

}  // namespace monge
