#pragma once
// A plot as a PNG-ready image: the series of a diagnostic (one per comparison variant) on axes
// with "nice" ticks, a title and a legend, drawn with Dear ImGui into an offscreen framebuffer
// so that it looks like the app's live plot. Needs a current GL 4.5 context (the window's, or
// EGL headless); uses its own ImGui context and restores the caller's.
#include <string>
#include <vector>

#include "app/io/plot_axes.hpp"
#include "render/image.hpp"

namespace monge {

struct PlotImageOptions {
  int width = 960, height = 540;
  bool log_scale = false;      // log10 y axis; non-positive values are skipped
  std::string x_label = "step";
  std::vector<double> x;       // the x of each row (flow time); empty: the row number
};

Image render_plot_image(const std::string& title, const std::vector<PlotSeries>& series, const PlotImageOptions& options);

}  // namespace monge
