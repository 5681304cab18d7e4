#include "app/canvas/plot_image.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/canvas/text_font.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"

namespace monge {
namespace {

ImU32 series_color(int i) {
  const Rgb8 c = paper_colour(i);
  return IM_COL32(c.r, c.g, c.b, 255);
}

// The plot box in pixels (y0 at the top) and the axes mapped into it.
struct Box {
  float x0, y0, x1, y1;
  const PlotAxes& axes;
  ImVec2 at(double x, double y) const {
    return ImVec2(x0 + (x1 - x0) * static_cast<float>(axes.fx(x)), y1 - (y1 - y0) * static_cast<float>(axes.fy(y)));
  }
};

void draw_plot(ImDrawList* draw, const std::string& title, const std::vector<PlotSeries>& series,
               const PlotImageOptions& options) {
  const PlotAxes axes = plot_axes(series, options.x, options.log_scale);
  const float font = ImGui::GetFontSize(), W = static_cast<float>(options.width), H = static_cast<float>(options.height);
  const ImU32 ink = IM_COL32(30, 30, 30, 255), grid = IM_COL32(220, 220, 220, 255);
  draw->AddRectFilled(ImVec2(0, 0), ImVec2(W, H), IM_COL32(255, 255, 255, 255));
  const Box box{font * 6.0f, font * 2.5f, W - font * 1.5f, H - font * 3.0f, axes};
  const ImVec2 title_size = ImGui::CalcTextSize(title.c_str());
  draw->AddText(ImVec2((W - title_size.x) * 0.5f, font * 0.7f), ink, title.c_str());
  for (const PlotTick& t : axes.y_ticks) {
    const ImVec2 p = box.at(axes.x_lo, t.at);
    draw->AddLine(ImVec2(box.x0, p.y), ImVec2(box.x1, p.y), grid);
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    draw->AddText(ImVec2(box.x0 - size.x - font * 0.4f, p.y - size.y * 0.5f), ink, t.label.c_str());
  }
  for (const PlotTick& t : axes.x_ticks) {
    const ImVec2 p = box.at(t.at, axes.y_lo);
    draw->AddLine(ImVec2(p.x, box.y0), ImVec2(p.x, box.y1), grid);
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    draw->AddText(ImVec2(p.x - size.x * 0.5f, box.y1 + font * 0.3f), ink, t.label.c_str());
  }
  const ImVec2 xl = ImGui::CalcTextSize(options.x_label.c_str());
  draw->AddText(ImVec2((box.x0 + box.x1 - xl.x) * 0.5f, H - font * 1.4f), ink, options.x_label.c_str());
  draw->AddRect(ImVec2(box.x0, box.y0), ImVec2(box.x1, box.y1), ink);
  // The curves, clipped to the box; gaps at values the axes do not show.
  draw->PushClipRect(ImVec2(box.x0, box.y0), ImVec2(box.x1, box.y1), true);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& v = series[i].values;
    std::vector<ImVec2> run;
    auto flush = [&] {
      if (run.size() > 1) draw->AddPolyline(run.data(), static_cast<int>(run.size()), series_color(static_cast<int>(i)), 0, 2.0f);
      run.clear();
    };
    const std::size_t rows = options.x.empty() ? v.size() : std::min(v.size(), options.x.size());
    for (std::size_t k = 0; k < rows; ++k) {
      if (!axes.shows(v[k])) {
        flush();
        continue;
      }
      run.push_back(box.at(PlotAxes::x_of(k, options.x), axes.y_of(v[k])));
    }
    flush();
  }
  draw->PopClipRect();
  // Legend, top right inside the box.
  float y = box.y0 + font * 0.5f;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const ImVec2 size = ImGui::CalcTextSize(series[i].label.c_str());
    const float x = box.x1 - size.x - font * 3.0f;
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
  add_text_font(*io.Fonts, std::max(13.0f, std::round(options.height / 36.0f)));
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
