#include "app/io/plot_svg.hpp"

#include <cstdio>

#include "base/atomic_file.hpp"

namespace monge {
namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", v);
  return text;
}

std::string colour(int i) {
  const Rgb8 c = paper_colour(i);
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
  return text;
}

}  // namespace

std::string plot_svg(const std::string& title, const std::vector<PlotSeries>& series, const SvgPlotOptions& options) {
  const PlotAxes axes = plot_axes(series, options.x, options.log_scale);
  const double W = options.width, H = options.height, font = 13.0;
  const double x0 = font * 6.0, y0 = font * 2.5, x1 = W - font * 1.5, y1 = H - font * 3.0;  // the plot box
  auto px = [&](double x) { return x0 + (x1 - x0) * axes.fx(x); };
  auto py = [&](double y) { return y1 - (y1 - y0) * axes.fy(y); };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(W) + "\" height=\"" + number(H) +
                    "\" viewBox=\"0 0 " + number(W) + " " + number(H) + "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"" +
                    number(font) + "\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"" + number(W / 2) + "\" y=\"" + number(font * 1.6) + "\" text-anchor=\"middle\">" + escaped(title) + "</text>\n";
  svg += "<g stroke=\"#dcdcdc\" stroke-width=\"1\">\n";
  for (const PlotTick& t : axes.y_ticks)
    svg += "<line x1=\"" + number(x0) + "\" y1=\"" + number(py(t.at)) + "\" x2=\"" + number(x1) + "\" y2=\"" + number(py(t.at)) + "\"/>\n";
  for (const PlotTick& t : axes.x_ticks)
    svg += "<line x1=\"" + number(px(t.at)) + "\" y1=\"" + number(y0) + "\" x2=\"" + number(px(t.at)) + "\" y2=\"" + number(y1) + "\"/>\n";
  svg += "</g>\n<g fill=\"#1e1e1e\">\n";
  for (const PlotTick& t : axes.y_ticks)
    svg += "<text x=\"" + number(x0 - font * 0.4) + "\" y=\"" + number(py(t.at) + font * 0.35) + "\" text-anchor=\"end\">" +
           escaped(t.label) + "</text>\n";
  for (const PlotTick& t : axes.x_ticks)
    svg += "<text x=\"" + number(px(t.at)) + "\" y=\"" + number(y1 + font * 1.3) + "\" text-anchor=\"middle\">" +
           escaped(t.label) + "</text>\n";
  svg += "<text x=\"" + number((x0 + x1) / 2) + "\" y=\"" + number(H - font * 0.5) + "\" text-anchor=\"middle\">" +
         escaped(options.x_label) + "</text>\n</g>\n";
  svg += "<rect x=\"" + number(x0) + "\" y=\"" + number(y0) + "\" width=\"" + number(x1 - x0) + "\" height=\"" +
         number(y1 - y0) + "\" fill=\"none\" stroke=\"#1e1e1e\"/>\n";
  // The curves: one polyline per run of shown values, clipped to the box.
  svg += "<clipPath id=\"box\"><rect x=\"" + number(x0) + "\" y=\"" + number(y0) + "\" width=\"" + number(x1 - x0) +
         "\" height=\"" + number(y1 - y0) + "\"/></clipPath>\n<g clip-path=\"url(#box)\" fill=\"none\" stroke-width=\"2\">\n";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& v = series[i].values;
    const std::size_t rows = options.x.empty() ? v.size() : std::min(v.size(), options.x.size());
    std::string run;
    int points = 0;
    auto flush = [&] {
      if (points > 1) svg += "<polyline stroke=\"" + colour(static_cast<int>(i)) + "\" points=\"" + run + "\"/>\n";
      run.clear();
      points = 0;
    };
    for (std::size_t k = 0; k < rows; ++k) {
      if (!axes.shows(v[k])) {
        flush();
        continue;
      }
      run += (points++ ? " " : "") + number(px(PlotAxes::x_of(k, options.x))) + "," + number(py(axes.y_of(v[k])));
    }
    flush();
  }
  svg += "</g>\n";
  // Legend, top right inside the box.
  for (std::size_t i = 0; i < series.size(); ++i) {
    const double y = y0 + font * (1.2 + 1.4 * static_cast<double>(i));
    const double x = x1 - font * (3.0 + 0.62 * static_cast<double>(series[i].label.size()));
    svg += "<line x1=\"" + number(x) + "\" y1=\"" + number(y - font * 0.35) + "\" x2=\"" + number(x + font * 1.8) + "\" y2=\"" +
           number(y - font * 0.35) + "\" stroke=\"" + colour(static_cast<int>(i)) + "\" stroke-width=\"3\"/>\n";
    svg += "<text x=\"" + number(x + font * 2.2) + "\" y=\"" + number(y) + "\" fill=\"#1e1e1e\">" + escaped(series[i].label) +
           "</text>\n";
  }
  return svg + "</svg>\n";
}

void write_plot_svg(const std::filesystem::path& path, const std::string& title, const std::vector<PlotSeries>& series,
                    const SvgPlotOptions& options) {
  write_file_atomically(path, plot_svg(title, series, options));
}

}  // namespace monge
