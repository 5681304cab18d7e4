#include "app/canvas/plot_export.hpp"

#include <cctype>
#include <cmath>

#include "app/canvas/plot_image.hpp"
#include "app/io/plot_svg.hpp"
#include "base/atomic_file.hpp"

namespace monge {
namespace {

std::string file_safe(std::string name) {
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
  return name;
}

}  // namespace

std::vector<PlotSet> plots_from_histories(const std::vector<std::vector<DiagnosticsRecord>>& histories,
                                          const std::vector<std::string>& labels) {
  std::vector<PlotSet> plots;
  if (histories.empty() || histories.front().empty()) return plots;
  for (const auto& [name, first_value] : histories.front().back().values) {
    (void)first_value;
    PlotSet plot{name, {}, {}};
    for (std::size_t i = 0; i < histories.size(); ++i) {
      PlotSeries s{i < labels.size() ? labels[i] : name, {}};
      s.values.reserve(histories[i].size());
      for (const auto& record : histories[i]) {
        float value = NAN;  // a step without this diagnostic leaves a gap
        for (const auto& [n, v] : record.values)
          if (n == name) value = static_cast<float>(v);
        s.values.push_back(value);
      }
      plot.series.push_back(std::move(s));
    }
    plots.push_back(std::move(plot));
  }
  // Flow time on x where every run took the same times (variants with different time steps
  // share only the step number).
  std::vector<double> time;
  for (const auto& record : histories.front()) time.push_back(record.time);
  bool shared = true;
  for (const auto& h : histories) {
    shared = shared && h.size() == time.size();
    for (std::size_t k = 0; shared && k < h.size(); ++k) shared = h[k].time == time[k];
  }
  if (shared)
    for (PlotSet& plot : plots) plot.time = time;
  return plots;
}

std::vector<std::filesystem::path> export_plots(const std::vector<PlotSet>& plots, const std::filesystem::path& dir,
                                                const std::string& prefix, bool log_scale) {
  // All files or none: a full disk half way leaves neither files nor a new empty folder.
  OutputFolder out(dir);
  for (const PlotSet& plot : plots) {
    const std::string stem = prefix + file_safe(plot.name);
    out.write(stem + ".csv", format_series_csv("step", plot.series));
    PlotImageOptions options;
    options.x = plot.time;
    options.x_label = plot.time.empty() ? "step" : "flow time t";
    // A log axis only where it can show every series (all values positive somewhere).
    bool positive = true;
    for (const auto& s : plot.series)
      for (float v : s.values) positive = positive && (!std::isfinite(v) || v > 0);
    options.log_scale = log_scale && positive;
    out.write(stem + ".png", encode_png(render_plot_image(plot.name, plot.series, options), false, dir / (stem + ".png")));
    out.write(stem + ".svg",
              plot_svg(plot.name, plot.series, SvgPlotOptions{720, 405, options.log_scale, options.x_label, options.x}));
  }
  return out.commit();
}

}  // namespace monge
