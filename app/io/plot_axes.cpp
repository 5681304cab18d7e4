#include "app/io/plot_axes.hpp"

#include <algorithm>
#include <cmath>

#include "render/colorbar.hpp"

namespace monge {

Rgb8 paper_colour(int i) {
  static const Rgb8 kPalette[] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {214, 39, 40}, {148, 103, 189}, {140, 86, 75}};
  return kPalette[i % 6];
}

bool PlotAxes::shows(float v) const { return std::isfinite(v) && (!log_scale || v > 0.0f); }
double PlotAxes::y_of(float v) const { return log_scale ? std::log10(static_cast<double>(v)) : static_cast<double>(v); }

PlotAxes plot_axes(const std::vector<PlotSeries>& series, const std::vector<double>& x, bool log_scale, int max_x_ticks,
                   int max_y_ticks) {
  PlotAxes axes;
  axes.log_scale = log_scale;
  double lo = INFINITY, hi = -INFINITY;
  std::size_t rows = 0;
  for (const auto& s : series) {
    rows = std::max(rows, s.values.size());
    for (float v : s.values)
      if (axes.shows(v)) lo = std::min(lo, axes.y_of(v)), hi = std::max(hi, axes.y_of(v));
  }
  if (!(hi >= lo)) lo = 0.0, hi = 1.0;
  if (hi - lo < 1e-12) lo -= 0.5, hi += 0.5;
  axes.y_lo = lo, axes.y_hi = hi;
  if (!x.empty()) rows = std::min(rows, x.size());
  axes.x_lo = rows ? PlotAxes::x_of(0, x) : 0.0;
  axes.x_hi = rows > 1 ? PlotAxes::x_of(rows - 1, x) : axes.x_lo + 1.0;
  if (!(axes.x_hi > axes.x_lo)) axes.x_hi = axes.x_lo + 1.0;

  // y ticks: nice values, or powers of ten on a log scale, each labelled to the precision its
  // spacing needs (a decade to its own).
  // Ticks at the ends count although float values miss them by an ulp (log10(0.001f) > -3).
  const double slack = 1e-6 * (hi - lo);
  const std::vector<double> yt = log_scale ? log_ticks(std::pow(10.0, lo - slack), std::pow(10.0, hi + slack), max_y_ticks)
                                           : nice_ticks(lo - slack, hi + slack, max_y_ticks);
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
  const bool decades = log_scale && yt.size() > 1 && std::abs(yt[1] / yt[0] - 10.0) < 1e-6;
  for (double t : yt) {
    const double y = log_scale ? std::log10(t) : t;
    if (y >= lo - slack && y <= hi + slack) axes.y_ticks.push_back({y, format_tick(t, decades ? t : ystep)});
  }
  const std::vector<double> xt = nice_ticks(axes.x_lo, axes.x_hi, max_x_ticks);
  const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1.0;
  for (double t : xt)
    if (t >= axes.x_lo - 1e-9 && t <= axes.x_hi + 1e-9) axes.x_ticks.push_back({t, format_tick(t, xstep)});
  return axes;
}

}  // namespace monge
