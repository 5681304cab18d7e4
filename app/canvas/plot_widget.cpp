#include "app/canvas/plot_widget.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace monge {
namespace {

// The row whose x is nearest `target` (rows sorted by x).
std::size_t nearest_row(double target, std::size_t rows, const std::vector<double>& x) {
  if (x.empty()) return static_cast<std::size_t>(std::clamp(std::round(target), 0.0, static_cast<double>(rows - 1)));
  const auto end = x.begin() + static_cast<long>(std::min(rows, x.size()));
  auto it = std::lower_bound(x.begin(), end, target);
  if (it == end) return static_cast<std::size_t>(end - x.begin()) - 1;
  if (it != x.begin() && target - *(it - 1) < *it - target) --it;
  return static_cast<std::size_t>(it - x.begin());
}

}  // namespace

ImU32 plot_color(int i) {
  static const ImU32 palette[] = {IM_COL32(90, 170, 255, 255), IM_COL32(255, 150, 60, 255), IM_COL32(100, 210, 120, 255),
                                  IM_COL32(235, 90, 110, 255), IM_COL32(190, 140, 255, 255), IM_COL32(240, 220, 90, 255)};
  return palette[i % 6];
}

void plot_overlaid(const char* title, const std::vector<PlotSeries>& series, bool log_scale, const std::vector<double>& x,
                   const char* x_label) {
  std::size_t rows = 0;
  for (const auto& s : series) rows = std::max(rows, s.values.size());
  if (!x.empty()) rows = std::min(rows, x.size());
  const PlotAxes axes = plot_axes(series, x, log_scale, 4, 4);
  ImGui::TextUnformatted(title);
  const float font = ImGui::GetFontSize();
  // Room for the y tick labels on the left and the x tick labels below.
  const float left = font * 3.2f, width = ImGui::GetContentRegionAvail().x, height = font * 6.5f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 p0(origin.x + left, origin.y), p1(origin.x + width, origin.y + height);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, p1, IM_COL32(20, 22, 28, 255));
  ImGui::Dummy(ImVec2(width, height + font * 1.2f));
  const bool hovered = ImGui::IsItemHovered();
  if (rows < 2) return;
  auto at = [&](double xv, double yv) {
    return ImVec2(p0.x + (p1.x - p0.x) * static_cast<float>(axes.fx(xv)), p1.y - (p1.y - p0.y) * static_cast<float>(axes.fy(yv)));
  };
  const ImU32 tick_ink = IM_COL32(200, 200, 200, 170), grid = IM_COL32(255, 255, 255, 22);
  for (const PlotTick& t : axes.y_ticks) {
    const float y = at(axes.x_lo, t.at).y;
    draw->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), grid);
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    draw->AddText(ImVec2(p0.x - size.x - font * 0.25f, y - size.y * 0.5f), tick_ink, t.label.c_str());
  }
  for (const PlotTick& t : axes.x_ticks) {
    const float xp = at(t.at, axes.y_lo).x;
    draw->AddLine(ImVec2(xp, p0.y), ImVec2(xp, p1.y), grid);
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    draw->AddText(ImVec2(std::clamp(xp - size.x * 0.5f, p0.x, p1.x - size.x), p1.y + font * 0.1f), tick_ink, t.label.c_str());
  }
  draw->PushClipRect(p0, p1, true);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& v = series[i].values;
    ImVec2 previous;
    bool have_previous = false;
    for (std::size_t k = 0; k < std::min(v.size(), rows); ++k) {
      if (!axes.shows(v[k])) {
        have_previous = false;
        continue;
      }
      const ImVec2 p = at(PlotAxes::x_of(k, x), axes.y_of(v[k]));
      if (have_previous) draw->AddLine(previous, p, plot_color(static_cast<int>(i)), 1.5f);
      previous = p;
      have_previous = true;
    }
  }
  // Hover: a line at the nearest row and every series' value there.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= p0.x && mouse.x <= p1.x) {
    const double xv = axes.x_lo + (axes.x_hi - axes.x_lo) * (mouse.x - p0.x) / (p1.x - p0.x);
    const std::size_t k = nearest_row(xv, rows, x);
    const float xp = at(PlotAxes::x_of(k, x), axes.y_lo).x;
    draw->AddLine(ImVec2(xp, p0.y), ImVec2(xp, p1.y), IM_COL32(255, 255, 255, 120));
    ImGui::BeginTooltip();
    ImGui::Text("%s = %.6g (row %zu)", x_label, PlotAxes::x_of(k, x), k);
    for (std::size_t i = 0; i < series.size(); ++i)
      if (k < series[i].values.size())
        ImGui::TextColored(ImColor(plot_color(static_cast<int>(i))), "%s: %.6g", series[i].label.c_str(), series[i].values[k]);
    ImGui::EndTooltip();
  }
  draw->PopClipRect();
  for (std::size_t i = 0; i < series.size(); ++i) {
    const float last = series[i].values.empty() ? NAN : series[i].values.back();
    ImGui::TextColored(ImColor(plot_color(static_cast<int>(i))), "%s: %.4g", series[i].label.c_str(), last);
  }
}

}  // namespace monge
