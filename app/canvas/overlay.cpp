#include "app/canvas/overlay.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "render/colorbar.hpp"

namespace monge {

const Caption* caption_at(const std::vector<Caption>& captions, double t) {
  const Caption* current = nullptr;
  for (std::size_t i = 0; i < captions.size(); ++i) {
    const Caption& c = captions[i];
    if (c.at > t) continue;
    const double end = c.until >= 0 ? c.until : (i + 1 < captions.size() ? captions[i + 1].at : INFINITY);
    if (t < end && (!current || c.at >= current->at)) current = &c;
  }
  return current;
}

void draw_caption(ImDrawList* draw, const std::vector<Caption>& captions, double t, float width, float height) {
  const Caption* c = caption_at(captions, t);
  if (!c || c->text.empty()) return;
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize() * 1.25f;
  const float wrap = width * 0.8f;
  const ImVec2 text = font->CalcTextSizeA(size, FLT_MAX, wrap, c->text.c_str());
  const float pad = size * 0.5f;
  const ImVec2 at((width - text.x) * 0.5f, height - text.y - 3.0f * size);
  draw->AddRectFilled(ImVec2(at.x - pad, at.y - pad), ImVec2(at.x + text.x + pad, at.y + text.y + pad),
                      IM_COL32(0, 0, 0, 170), pad);
  draw->AddText(font, size, at, IM_COL32(255, 255, 255, 255), c->text.c_str(), nullptr, wrap);
}

void draw_column_labels(ImDrawList* draw, const std::vector<std::string>& labels, float width, float height, float top) {
  if (labels.empty()) return;
  const float column = width / static_cast<float>(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const float x = column * static_cast<float>(i);
    if (i > 0) draw->AddLine(ImVec2(x, 0), ImVec2(x, height), IM_COL32(255, 255, 255, 70), 1.0f);
    // A label wider than its column is drawn smaller rather than spilling into the next one.
    float size = ImGui::GetFontSize() * 1.15f;
    ImVec2 text = ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0.0f, labels[i].c_str());
    if (text.x > column * 0.9f) {
      size *= column * 0.9f / text.x;
      text = ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0.0f, labels[i].c_str());
    }
    const float pad = size * 0.35f;
    const ImVec2 at(x + (column - text.x) * 0.5f, top + pad);
    draw->AddRectFilled(ImVec2(at.x - pad, at.y - pad), ImVec2(at.x + text.x + pad, at.y + text.y + pad),
                        IM_COL32(0, 0, 0, 150), pad);
    draw->AddText(ImGui::GetFont(), size, at, IM_COL32(255, 255, 255, 255), labels[i].c_str());
  }
}

void draw_colorbar(ImDrawList* draw, const FieldLegend& legend, float width, float height) {
  if (!(legend.hi > legend.lo) || (legend.log_scale && legend.lo <= 0)) return;
  const float font = ImGui::GetFontSize();
  const float bar_w = std::max(10.0f, font * 0.9f), bar_h = std::clamp(height * 0.4f, 60.0f, 480.0f);
  const float x1 = width - font * 1.2f, x0 = x1 - bar_w;
  const float y0 = (height - bar_h) * 0.5f, y1 = y0 + bar_h;
  const Colorbar bar = make_colorbar(legend.colormap, legend.lo, legend.hi, legend.log_scale, 128);
  float label_w = ImGui::CalcTextSize(legend.label).x;
  for (const auto& t : bar.ticks) label_w = std::max(label_w, ImGui::CalcTextSize(t.label.c_str()).x + bar_w);
  const float pad = font * 0.4f;
  draw->AddRectFilled(ImVec2(x0 - label_w - 2 * pad, y0 - 2.2f * font), ImVec2(x1 + pad, y1 + pad),
                      IM_COL32(0, 0, 0, 140), pad);
  // The strip bottom (lo) to top (hi), one gradient quad per pair of neighbouring entries.
  const int n = bar.length;
  auto color = [&](int k) {
    return IM_COL32(bar.rgba[4 * k], bar.rgba[4 * k + 1], bar.rgba[4 * k + 2], 255);
  };
  for (int k = 0; k + 1 < n; ++k) {
    const float ya = y1 - bar_h * k / (n - 1), yb = y1 - bar_h * (k + 1) / (n - 1);
    draw->AddRectFilledMultiColor(ImVec2(x0, yb), ImVec2(x1, ya), color(k + 1), color(k + 1), color(k), color(k));
  }
  draw->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), IM_COL32(255, 255, 255, 120));
  for (const auto& t : bar.ticks) {
    const float y = y1 - bar_h * t.position;
    draw->AddLine(ImVec2(x0 - pad, y), ImVec2(x0, y), IM_COL32(255, 255, 255, 220));
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    draw->AddText(ImVec2(x0 - pad * 1.5f - size.x, y - size.y * 0.5f), IM_COL32(255, 255, 255, 230), t.label.c_str());
  }
  const ImVec2 title = ImGui::CalcTextSize(legend.label);
  draw->AddText(ImVec2(x1 - title.x, y0 - 1.6f * font), IM_COL32(255, 255, 255, 230), legend.label);
}

HeadlessOverlay::HeadlessOverlay(bool info_panel) : info_panel_(info_panel) {
  previous_ = ImGui::GetCurrentContext();
  context_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(context_);
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplOpenGL3_Init("#version 450 core");
  ImGui::SetCurrentContext(previous_);
}

HeadlessOverlay::~HeadlessOverlay() {
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext(context_);
  ImGui::SetCurrentContext(previous_);
}

void HeadlessOverlay::draw(const Simulation& sim, const Viewport& vp, const FrameExtras& extras) {
  const auto& captions = sim.scene().captions;
  if (!info_panel_ && extras.column_labels.empty() && !extras.legend && !caption_at(captions, sim.state().time)) return;
  previous_ = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(context_);
  ImGuiIO& io = ImGui::GetIO();
  // Text scales with the frame: 720 lines get ImGui's 13 px font at 1.4x.
  const float font_px = std::max(13.0f, std::round(vp.height / 40.0f));
  if (font_px != font_px_) {
    io.Fonts->Clear();
    ImFontConfig config;
    config.SizePixels = font_px;
    io.Fonts->AddFontDefault(&config);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    font_px_ = font_px;
  }
  io.DisplaySize = ImVec2(static_cast<float>(vp.width), static_cast<float>(vp.height));
  io.DeltaTime = 1.0f / 30.0f;
  ImGui_ImplOpenGL3_NewFrame();
  // ImGui hides an auto-sized window on its first frame while it measures it: lay the first
  // frame out twice, so frame 0 of a recording already shows the panel.
  for (int pass = ImGui::GetFrameCount() == 0 ? 0 : 1; pass < 2; ++pass) {
    ImGui::NewFrame();
    build(sim, io, font_px, extras);
    if (pass == 0) ImGui::EndFrame();
  }
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ImGui::SetCurrentContext(previous_);
}

void HeadlessOverlay::build(const Simulation& sim, ImGuiIO& io, float font_px, const FrameExtras& extras) {
  const auto& captions = sim.scene().captions;
  draw_column_labels(ImGui::GetBackgroundDrawList(), extras.column_labels, io.DisplaySize.x, io.DisplaySize.y, 0.0f);
  if (extras.legend) draw_colorbar(ImGui::GetBackgroundDrawList(), *extras.legend, io.DisplaySize.x, io.DisplaySize.y);
  if (info_panel_) {
    // Below the column labels of a split view.
    const float top = extras.column_labels.empty() ? font_px : 3.0f * font_px;
    ImGui::SetNextWindowPos(ImVec2(font_px, top));
    ImGui::SetNextWindowBgAlpha(0.8f);
    ImGui::Begin("info", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextUnformatted(sim.scene().name.c_str());
    if (sim.has_flow()) {
      ImGui::Text("%s", sim.scene().flow.value("kind", "").c_str());
      ImGui::Text("step %llu   t = %.4g", static_cast<unsigned long long>(sim.state().step), sim.state().time);
      if (!sim.history().empty())
        for (const auto& [name, value] : sim.history().back().values) ImGui::Text("%s = %.5g", name.c_str(), value);
    }
    ImGui::End();
  }
  draw_caption(ImGui::GetForegroundDrawList(), captions, sim.state().time, io.DisplaySize.x, io.DisplaySize.y);
}

}  // namespace monge
