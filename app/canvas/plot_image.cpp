#include "app/canvas/plot_image.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "render/colorbar.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"

namespace monge {
namespace {

ImU32 series_color(int i) {
  static const ImU32 palette[] = {IM_COL32(31, 119, 180, 255), IM_COL32(255, 127, 14, 255), IM_COL32(44, 160, 44, 255),
                                  IM_COL32(214, 39, 40, 255),  IM_COL32(148, 103, 189, 255), IM_COL32(140, 86, 75, 255)};
  return palette[i % 6];
}

struct Axes {
  float x0, y0, x1, y1;         // the plot box in pixels (y0 at the top)
  double lo, hi;                // y range (log10 units on a log scale)
  std::size_t steps;            // x range: 0 .. steps - 1
  ImVec2 at(double step, double y) const {
    const float fx = steps > 1 ? static_cast<float>(step / (steps - 1)) : 0.5f;
    return ImVec2(x0 + (x1 - x0) * fx, y1 - (y1 - y0) * static_cast<float>((y - lo) / (hi - lo)));
  }
};

void draw_plot(ImDrawList* draw, const std::string& title, const std::vector<PlotSeries>& series,
               const PlotImageOptions& options) {
  const bool log_scale = options.log_scale;
  auto y_of = [&](float v) { return log_scale ? std::log10(static_cast<double>(v)) : static_cast<double>(v); };
  double lo = INFINITY, hi = -INFINITY;
  std::size_t steps = 0;
  for (const auto& s : series) {
    steps = std::max(steps, s.values.size());
    for (float v : s.values)
      if (std::isfinite(v) && (!log_scale || v > 0)) lo = std::min(lo, y_of(v)), hi = std::max(hi, y_of(v));
  }
  if (!(hi >= lo)) lo = 0, hi = 1;
  if (hi - lo < 1e-12) lo -= 0.5, hi += 0.5;
  const float font = ImGui::GetFontSize(), W = static_cast<float>(options.width), H = static_cast<float>(options.height);
  const ImU32 ink = IM_COL32(30, 30, 30, 255), grid = IM_COL32(220, 220, 220, 255);
  draw->AddRectFilled(ImVec2(0, 0), ImVec2(W, H), IM_COL32(255, 255, 255, 255));
  const Axes ax{font * 6.0f, font * 2.5f, W - font * 1.5f, H - font * 3.0f, lo, hi, std::max<std::size_t>(steps, 1)};
  const ImVec2 title_size = ImGui::CalcTextSize(title.c_str());
  draw->AddText(ImVec2((W - title_size.x) * 0.5f, font * 0.7f), ink, title.c_str());
  // y ticks: nice values, or powers of ten on a log scale.
  const std::vector<double> yt = log_scale ? log_ticks(std::pow(10.0, lo), std::pow(10.0, hi)) : nice_ticks(lo, hi);
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
  // Decade ticks are labelled each to its own precision; evenly spaced ones to their spacing.
  const bool decades = log_scale && yt.size() > 1 && std::abs(yt[1] / yt[0] - 10.0) < 1e-6;
  for (double t : yt) {
    const double y = log_scale ? std::log10(t) : t;
    if (y < lo - 1e-9 || y > hi + 1e-9) continue;
    const ImVec2 p = ax.at(0, y);
    draw->AddLine(ImVec2(ax.x0, p.y), ImVec2(ax.x1, p.y), grid);
    const std::string label = format_tick(t, decades ? t : ystep);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(ax.x0 - size.x - font * 0.4f, p.y - size.y * 0.5f), ink, label.c_str());
  }
  const std::vector<double> xt = nice_ticks(0.0, static_cast<double>(ax.steps - 1), 8);
  const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1.0;
  for (double t : xt) {
    const ImVec2 p = ax.at(t, lo);
    draw->AddLine(ImVec2(p.x, ax.y0), ImVec2(p.x, ax.y1), grid);
    const std::string label = format_tick(t, xstep);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(p.x - size.x * 0.5f, ax.y1 + font * 0.3f), ink, label.c_str());
  }
  const ImVec2 xl = ImGui::CalcTextSize(options.x_label.c_str());
  draw->AddText(ImVec2((ax.x0 + ax.x1 - xl.x) * 0.5f, H - font * 1.4f), ink, options.x_label.c_str());
  draw->AddRect(ImVec2(ax.x0, ax.y0), ImVec2(ax.x1, ax.y1), ink);
  // The curves, clipped to the box; gaps at non-finite (or, on a log scale, non-positive) values.
  draw->PushClipRect(ImVec2(ax.x0, ax.y0), ImVec2(ax.x1, ax.y1), true);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& v = series[i].values;
    std::vector<ImVec2> run;
    auto flush = [&] {
      if (run.size() > 1) draw->AddPolyline(run.data(), static_cast<int>(run.size()), series_color(static_cast<int>(i)), 0, 2.0f);
      run.clear();
    };
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (!std::isfinite(v[k]) || (log_scale && v[k] <= 0)) {
        flush();
        continue;
      }
      run.push_back(ax.at(static_cast<double>(k), y_of(v[k])));
    }
    flush();
  }
  draw->PopClipRect();
  // Legend, top right inside the box.
  float y = ax.y0 + font * 0.5f;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const ImVec2 size = ImGui::CalcTextSize(series[i].label.c_str());
    const float x = ax.x1 - size.x - font * 3.0f;
    draw->AddLine(ImVec2(x, y + size.y * 0.5f), ImVec2(x + font * 1.8f, y + size.y * 0.5f), series_color(static_cast<int>(i)), 3.0f);
    draw->AddText(ImVec2(x + font * 2.2f, y), ink, series[i].label.c_str());
    y += size.y * 1.3f;
  }
}

}  // namespace

Image render_plot_image(const std::string& title, const std::vector<PlotSeries>& series, const PlotImageOptions& options) {
  Framebuffer target(options.width, options.height);
  target.bind();
  frame::clear({1.0f, 1.0f, 1.0f}, 1.0f);
  ImGuiContext* previous = ImGui::GetCurrentContext();
  ImGuiContext* context = ImGui::CreateContext();
  ImGui::SetCurrentContext(context);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  ImFontConfig config;
  config.SizePixels = std::max(13.0f, std::round(options.height / 36.0f));
  io.Fonts->AddFontDefault(&config);
  io.DisplaySize = ImVec2(static_cast<float>(options.width), static_cast<float>(options.height));
  io.DeltaTime = 1.0f / 60.0f;
  ImGui_ImplOpenGL3_Init("#version 450 core");
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  draw_plot(ImGui::GetBackgroundDrawList(), title, series, options);
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  frame::finish("drawing a plot image");
  Image image;
  read_pixels(options.width, options.height, image);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext(context);
  ImGui::SetCurrentContext(previous);
  return image;
}

}  // namespace monge
