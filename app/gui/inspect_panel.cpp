#include "app/gui/inspect_panel.hpp"

#include <imgui.h>

#include <chrono>

#include "app/canvas/layers/selection_layer.hpp"

namespace monge {
namespace {

SelectionLayer* selection_of(AppState& app) { return dynamic_cast<SelectionLayer*>(app.canvas->find("selection")); }

// The cursor in framebuffer pixels (y down), and the pick radius there.
glm::vec2 cursor_pixel() {
  const ImGuiIO& io = ImGui::GetIO();
  return {io.MousePos.x * io.DisplayFramebufferScale.x, io.MousePos.y * io.DisplayFramebufferScale.y};
}
float pick_radius() { return 6.0f * ImGui::GetIO().DisplayFramebufferScale.x; }

void refresh_trajectory(AppState& app, SelectionLayer& selection) {
  // The timeline grows while the flow runs: re-read the path a few times a second, not every frame.
  const auto now = std::chrono::steady_clock::now();
  if (now - app.trajectory_read < std::chrono::milliseconds(300)) return;
  app.trajectory_read = now;
  const auto& picked = selection.selected();
  if (picked && (picked->layer == "particles" || picked->layer == "mesh"))
    selection.set_trajectory(app.worker->trajectory(picked->index));
}

}  // namespace

void handle_picking(AppState& app, const Viewport& vp) {
  SelectionLayer* selection = selection_of(app);
  if (!selection || app.compare.active()) return;
  if (selection->selected()) refresh_trajectory(app, *selection);
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureMouse) return;
  // A click is a press and release that did not drag (a drag pans or orbits the camera).
  const bool clicked = ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
                       ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x == 0.0f &&
                       ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y == 0.0f;
  const bool hovering = !ImGui::IsAnyMouseDown() && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f);
  if (!clicked && !hovering && !app.hovered) return;
  if (clicked || hovering) app.hovered = app.canvas->pick(app.camera, vp, cursor_pixel(), pick_radius());
  if (clicked) {
    selection->select(app.hovered);
    app.trajectory_read = {};
    if (app.hovered) refresh_trajectory(app, *selection);
  }
  if (app.hovered) {
    ImGui::BeginTooltip();
    ImGui::Text("%s %d", app.hovered->layer.c_str(), app.hovered->index);
    if (Layer* layer = app.canvas->find(app.hovered->layer))
      for (const auto& [label, value] : layer->describe(app.hovered->index))
        ImGui::Text("%s: %s", label.c_str(), value.c_str());
    ImGui::EndTooltip();
  }
}

void inspect_window(AppState& app) {
  SelectionLayer* selection = selection_of(app);
  if (!selection || !selection->selected() || app.compare.active()) return;
  const Pick& picked = *selection->selected();
  ImGui::SetNextWindowBgAlpha(0.85f);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 12.0f, vp->Pos.y + ImGui::GetFrameHeight() + 12.0f),
                          ImGuiCond_Appearing, ImVec2(1.0f, 0.0f));
  bool open = true;
  if (ImGui::Begin("Inspect", &open, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("%s %d", picked.layer.c_str(), picked.index);
    if (Layer* layer = app.canvas->find(picked.layer))
      for (const auto& [label, value] : layer->describe(picked.index)) {
        ImGui::TextDisabled("%s", label.c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(value.c_str());
      }
    if (picked.layer == "particles" || picked.layer == "mesh")
      ImGui::TextDisabled("white: its path through the stored frames");
    if (ImGui::Button("Clear")) open = false;
  }
  ImGui::End();
  if (!open) selection->select(std::nullopt);
}

}  // namespace monge
