#include "app/canvas/overlay.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/canvas/scene_canvas.hpp"

namespace monge {

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


void draw_column_overlays(const std::vector<SceneCanvas*>& canvases, ImDrawList* under, ImDrawList* over, float width,
                          float height, ImFont* font, float font_px) {
  const float column = width / static_cast<float>(std::max<std::size_t>(canvases.size(), 1));
  for (std::size_t i = 0; i < canvases.size(); ++i)
    canvases[i]->draw_overlays(under, over, OverlayArea{column * static_cast<float>(i), column, width, height, i == 0}, font,
                               font_px);
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
  draw_frame(&sim, vp, extras);
}

void HeadlessOverlay::draw(const Viewport& vp, const FrameExtras& extras) { draw_frame(nullptr, vp, extras); }

void HeadlessOverlay::draw_frame(const Simulation* sim, const Viewport& vp, const FrameExtras& extras) {
  if (!info_panel_ && extras.column_labels.empty() && extras.canvases.empty()) return;
  previous_ = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(context_);
  ImGuiIO& io = ImGui::GetIO();
  // Text scales with the frame, panel included: a 4K frame's reads like a 720p one's.
  const float font_px = frame_text_pixels(vp.height);
  fonts_.ensure(font_px, font_px);
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

void HeadlessOverlay::build(const Simulation* sim, ImGuiIO& io, float font_px, const FrameExtras& extras) {
  draw_column_labels(ImGui::GetBackgroundDrawList(), extras.column_labels, io.DisplaySize.x, io.DisplaySize.y, 0.0f);
  draw_column_overlays(extras.canvases, ImGui::GetBackgroundDrawList(), ImGui::GetForegroundDrawList(), io.DisplaySize.x,
                       io.DisplaySize.y, fonts_.frame(), font_px);
  if (info_panel_ && sim) {
    // Below the column labels of a split view.
    const float top = extras.column_labels.empty() ? font_px : 3.0f * font_px;
    ImGui::SetNextWindowPos(ImVec2(font_px, top));
    ImGui::SetNextWindowBgAlpha(0.8f);
    ImGui::Begin("info", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextUnformatted(sim->scene().name.c_str());
    if (sim->has_flow()) {
      ImGui::Text("%s", sim->scene().flow.value("kind", "").c_str());
      ImGui::Text("step %llu   t = %.4g", static_cast<unsigned long long>(sim->state().step), sim->state().time);
      for (const auto& [name, value] : sim->latest_diagnostics()) ImGui::Text("%s = %.5g", name.c_str(), value);
    }
    ImGui::End();
  }
}

}  // namespace monge
