#include "app/gui/input.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/gui/file_dialog.hpp"
#include "app/gui/scene_actions.hpp"

namespace monge {
namespace {

void handle_mouse(AppState& app, const Viewport& vp) {
  const ImGuiIO& io = ImGui::GetIO();
  const glm::vec2 delta(io.MouseDelta.x, io.MouseDelta.y);
  const bool three_d = app.camera.mode == ViewMode::Orbit3D;
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    if (three_d && !io.KeyShift) app.camera.orbit(delta);
    else app.camera.pan(delta * io.DisplayFramebufferScale.x, vp);
  }
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0.0f) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.0f))
    app.camera.pan(delta * io.DisplayFramebufferScale.x, vp);
  if (io.MouseWheel != 0.0f) {
    const glm::vec2 cursor(io.MousePos.x * io.DisplayFramebufferScale.x, io.MousePos.y * io.DisplayFramebufferScale.y);
    app.camera.zoom_at(std::pow(1.15f, io.MouseWheel), cursor, vp);
  }
}

// Space, arrows, N and R drive the flow and the timeline.
void handle_playback_keys(AppState& app) {
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE)) {
    set_flows_playing(app, !flows_playing(app));
    app.timeline.live = true;
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) {  // one stored frame back
    if (app.timeline.live) app.timeline.index = static_cast<int>(app.worker->timeline_size()) - 1;
    app.timeline.live = false;
    app.timeline.direction = 0;
    app.worker->set_playing(false);
    app.timeline.index = std::max(0, app.timeline.index - 1);
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_N) || ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) step_flows(app);
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) reset_flows(app);
}

void toggle_layer(AppState& app, const char* name) {
  if (Layer* layer = app.canvas->find(name)) {
    layer->set_enabled(!layer->enabled());
    app.canvas->apply_settings(app.canvas->settings());
  }
}

}  // namespace

bool user_is_interacting() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f || io.MouseWheel != 0.0f || io.MouseWheelH != 0.0f)
    return true;
  for (bool down : io.MouseDown)
    if (down) return true;
  return ImGui::IsAnyItemActive() || io.InputQueueCharacters.Size > 0;
}

void handle_input(AppState& app, const Viewport& vp) {
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantCaptureMouse) handle_mouse(app, vp);
  if (io.WantCaptureKeyboard) return;
  handle_playback_keys(app);
  if (ImGui::IsKeyPressed(GLFW_KEY_F, false)) app.want_fit = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_C, false)) { app.camera.reset(); app.want_fit = true; }
  if (ImGui::IsKeyPressed(GLFW_KEY_2, false)) { app.camera.mode = ViewMode::Planar2D; app.want_fit = true; }
  if (ImGui::IsKeyPressed(GLFW_KEY_3, false)) { app.camera.mode = ViewMode::Orbit3D; app.want_fit = true; }
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false) && !io.KeyCtrl)
    app.camera.projection =
        app.camera.projection == Projection::Perspective ? Projection::Orthographic : Projection::Perspective;
  if (ImGui::IsKeyPressed(GLFW_KEY_T, false)) {
    toggle_layer(app, "target");
    toggle_layer(app, "target mesh");
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_P, false) || ImGui::IsKeyPressed(GLFW_KEY_F12, false))
    app.pending_screenshot = next_screenshot_path(app);
  if (ImGui::IsKeyPressed(GLFW_KEY_H, false) || ImGui::IsKeyPressed(GLFW_KEY_F1, false)) app.show_help = !app.show_help;
  if (ImGui::IsKeyPressed(GLFW_KEY_TAB, false)) app.show_ui = !app.show_ui;
  if (ImGui::IsKeyPressed(GLFW_KEY_Q, false) && io.KeyCtrl) glfwSetWindowShouldClose(app.window, 1);
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false) && io.KeyCtrl && FileDialog::available()) app.open_dialog.open("Open a scene");
}

}  // namespace monge
