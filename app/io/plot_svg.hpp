#pragma once
// Plots as SVG, for papers: the same axes, ticks, curves and legend as the PNG plots
// (app/canvas/plot_image), as vectors that a LaTeX or Inkscape figure scales without blur.
// Written atomically; no GL.
#include <filesystem>
#include <string>
#include <vector>

#include "app/io/plot_axes.hpp"

namespace monge {

struct SvgPlotOptions {
  int width = 720, height = 405;  // SVG user units (pixels at 100%)
  bool log_scale = false;
  std::string x_label = "step";
  std::vector<double> x;          // the x of each row; empty: the row number
};

// The SVG document of a plot titled `title`.
std::string plot_svg(const std::string& title, const std::vector<PlotSeries>& series, const SvgPlotOptions& options);
// Writes it to `path` (OutputError naming the path and the reason on failure).
void write_plot_svg(const std::filesystem::path& path, const std::string& title, const std::vector<PlotSeries>& series,
                    const SvgPlotOptions& options);

}  // namespace monge
