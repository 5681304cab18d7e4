#pragma once
// The axes of a line plot, shared by the live plots of the window, the PNG plots and the SVG
// plots, so all three show the same ranges and ticks: the x range (the flow time of each row, or
// the row number), the y range (log10 of the values on a log scale), and "nice" tick values with
// their labels on both axes. No drawing here.
#include <string>
#include <vector>

#include "app/io/series_csv.hpp"

namespace monge {

struct PlotTick {
  double at = 0.0;      // x, or y (log10 units on a log scale)
  std::string label;    // the value as text
};

struct PlotAxes {
  double x_lo = 0.0, x_hi = 1.0;
  double y_lo = 0.0, y_hi = 1.0;  // log10 units on a log scale
  bool log_scale = false;
  std::vector<PlotTick> x_ticks, y_ticks;
  // The x of row k: x[k], or k when x is empty.
  static double x_of(std::size_t k, const std::vector<double>& x) { return x.empty() ? static_cast<double>(k) : x[k]; }
  // Whether series value v is drawn (finite, and positive on a log scale), and its y coordinate.
  bool shows(float v) const;
  double y_of(float v) const;
  // Fractions of the plot box, 0 at the left/bottom and 1 at the right/top.
  double fx(double x) const { return x_hi > x_lo ? (x - x_lo) / (x_hi - x_lo) : 0.5; }
  double fy(double y) const { return (y - y_lo) / (y_hi - y_lo); }
};

// The colour of series i in plots made for papers (PNG, SVG): matplotlib's tab10 palette.
struct Rgb8 {
  unsigned char r, g, b;
};
Rgb8 paper_colour(int i);

// Axes for `series` (rows share `x`; empty: row numbers). A log scale skips non-positive values.
PlotAxes plot_axes(const std::vector<PlotSeries>& series, const std::vector<double>& x, bool log_scale,
                   int max_x_ticks = 8, int max_y_ticks = 6);

}  // namespace monge
