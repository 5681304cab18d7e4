#pragma once
// The colour bar of a field or of any scalar colouring, drawn over a frame with Dear ImGui (the
// window and headless recordings alike).
#include <string>

#include "render/colormap.hpp"

struct ImDrawList;
struct ImFont;

namespace monge {

// What a colour bar shows.
struct FieldLegend {
  Colormap colormap = Colormap::Magma;
  float lo = 0.0f, hi = 1.0f;
  bool log_scale = false;
  std::string label = "density";
};

// A vertical colour bar with ticks and its label, vertically centred in a frame `height` high,
// its right edge at x = `right` (ImGui units), its text in `font` at `font_px`. Returns the x
// where the next bar to its left may end.
float draw_colorbar(ImDrawList* draw, const FieldLegend& legend, float right, float height, ImFont* font, float font_px);

struct OverlayContext;
// The next colour bar of a frame: bars line up from the right edge leftwards, one per layer that
// shows one (a density field, the particles' colouring, a mesh's displacement).
void add_colorbar(const OverlayContext& context, const FieldLegend& legend);

}  // namespace monge
