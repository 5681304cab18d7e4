#pragma once
// Line plots drawn with ImGui's draw list: several series on shared axes (ImGui 1.86's
// PlotLines draws only one), optionally on a log scale, with a legend and the latest values.
#include <imgui.h>

#include <string>
#include <vector>

#include "app/io/series_csv.hpp"  // PlotSeries

namespace monge {

// A distinct colour for series i.
ImU32 plot_color(int i);
// Draw the series as one plot titled `title`, full panel width. Non-positive values are
// skipped on a log scale.
void plot_overlaid(const char* title, const std::vector<PlotSeries>& series, bool log_scale);

}  // namespace monge
