#pragma once
// Line plots drawn with ImGui's draw list in the panels: several series on shared axes (ImGui
// 1.86's PlotLines draws only one), linear or log scale, tick values on both axes (plot_axes.hpp,
// as in the exported plots), the latest values under it, and a read-out of every series at the
// hovered x.
#include <imgui.h>

#include <string>
#include <vector>

#include "app/io/plot_axes.hpp"

namespace monge {

// A distinct colour for series i on the panels' dark background.
ImU32 plot_color(int i);
// Draw the series as one plot titled `title`, full panel width. Rows share `x` (the flow time;
// empty: the row number, labelled `x_label`). Non-positive values are skipped on a log scale.
void plot_overlaid(const char* title, const std::vector<PlotSeries>& series, bool log_scale,
                   const std::vector<double>& x = {}, const char* x_label = "step");

}  // namespace monge
