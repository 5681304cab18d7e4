#include "app/canvas/plot_widget.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace monge {

ImU32 plot_color(int i) {
  static const ImU32 palette[] = {IM_COL32(90, 170, 255, 255), IM_COL32(255, 150, 60, 255), IM_COL32(100, 210, 120, 255),
                                  IM_COL32(235, 90, 110, 255), IM_COL32(190, 140, 255, 255), IM_COL32(240, 220, 90, 255)};
  return palette[i % 6];
}

void plot_overlaid(const char* title, const std::vector<PlotSeries>& series, bool log_scale) {
  float lo = INFINITY, hi = -INFINITY;
  std::size_t longest = 0;
  auto y_of = [&](float v) { return log_scale ? std::log10(v) : v; };
  for (const auto& s : series) {
    longest = std::max(longest, s.values.size());
    for (float v : s.values)
      if (std::isfinite(v) && (!log_scale || v > 0)) lo = std::min(lo, y_of(v)), hi = std::max(hi, y_of(v));
  }
  ImGui::TextUnformatted(title);
  const float width = ImGui::GetContentRegionAvail().x, height = ImGui::GetFontSize() * 6;
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1(p0.x + width, p0.y + height);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, p1, IM_COL32(20, 22, 28, 255));
  ImGui::Dummy(ImVec2(width, height));
  if (longest < 2 || !(hi >= lo)) return;
  if (hi - lo < 1e-12f) hi = lo + 1.0f;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& v = series[i].values;
    ImVec2 previous;
    bool have_previous = false;
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (!std::isfinite(v[k]) || (log_scale && v[k] <= 0)) {
        have_previous = false;
        continue;
      }
      const ImVec2 p(p0.x + width * k / static_cast<float>(longest - 1),
                     p1.y - height * (y_of(v[k]) - lo) / (hi - lo));
      if (have_previous) draw->AddLine(previous, p, plot_color(static_cast<int>(i)), 1.5f);
      previous = p;
      have_previous = true;
    }
  }
  char range[64];
  auto value_of = [&](float y) { return log_scale ? std::pow(10.0f, y) : y; };
  std::snprintf(range, sizeof range, "%.3g", value_of(hi));
  draw->AddText(ImVec2(p0.x + 3, p0.y + 1), IM_COL32(200, 200, 200, 160), range);
  std::snprintf(range, sizeof range, "%.3g", value_of(lo));
  draw->AddText(ImVec2(p0.x + 3, p1.y - ImGui::GetFontSize() - 1), IM_COL32(200, 200, 200, 160), range);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const float last = series[i].values.empty() ? NAN : series[i].values.back();
    ImGui::TextColored(ImColor(plot_color(static_cast<int>(i))), "%s: %.4g", series[i].label.c_str(), last);
  }
}

}  // namespace monge
