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

// A vertical colour bar with ticks and its label, right-aligned in a width x height area (ImGui
// units), its text in `font` at `font_px`.
void draw_colorbar(ImDrawList* draw, const FieldLegend& legend, float width, float height, ImFont* font, float font_px);

}  // namespace monge
