#include "app/gui/view_panel.hpp"

#include <imgui.h>

#include <cstdio>

#include "app/gui/scene_actions.hpp"

namespace monge {

void view_section(AppState& app) {
  int mode = app.camera.mode == ViewMode::Orbit3D;
  if (ImGui::RadioButton("2D", &mode, 0) | (ImGui::SameLine(), ImGui::RadioButton("3D", &mode, 1))) {
    app.camera.mode = mode ? ViewMode::Orbit3D : ViewMode::Planar2D;
    app.want_fit = true;
  }
  if (app.camera.mode == ViewMode::Orbit3D) {
    int proj = app.camera.projection == Projection::Orthographic;
    if (ImGui::RadioButton("perspective", &proj, 0) | (ImGui::SameLine(), ImGui::RadioButton("orthographic", &proj, 1)))
      app.camera.projection = proj ? Projection::Orthographic : Projection::Perspective;
  }
  if (ImGui::Button("Fit")) app.want_fit = true;
  ImGui::SameLine();
  if (ImGui::Button("Reset camera")) { app.camera.reset(); app.want_fit = true; }
  app.canvas->build_ui();
}

void screenshot_section(AppState& app) {
  ImGui::SliderInt("scale", &app.shot.scale, 1, 4, "%dx");
  ImGui::Checkbox("with UI", &app.shot.include_ui);
  ImGui::SameLine();
  ImGui::Checkbox("transparent", &app.shot.transparent);
  char folder[512];
  std::snprintf(folder, sizeof folder, "%s", app.shot.folder.c_str());
  if (ImGui::InputText("folder", folder, sizeof folder)) app.shot.folder = folder;
  if (ImGui::Button("Save screenshot (P)")) app.pending_screenshot = next_screenshot_path(app);
}

void scene_section(AppState& app) {
  ImGui::TextWrapped("%s", app.worker->scene().name.c_str());
  ImGui::TextDisabled("%s", app.scene_path.filename().string().c_str());
  char path[1024];
  std::snprintf(path, sizeof path, "%s", app.scene_path_input.c_str());
  if (ImGui::InputText("##path", path, sizeof path, ImGuiInputTextFlags_EnterReturnsTrue)) {
    app.scene_path_input = path;
    open_scene(app, app.scene_path_input);
  } else {
    app.scene_path_input = path;
  }
  ImGui::SameLine();
  if (ImGui::Button("Open")) open_scene(app, app.scene_path_input);
  static char save_path[512] = "my-scene.json";
  ImGui::InputText("##save", save_path, sizeof save_path);
  ImGui::SameLine();
  if (ImGui::Button("Save as")) {
    try {
      save_current_scene(app, save_path);
      app.status_message = std::string("Saved ") + save_path;
    } catch (const std::exception& e) {
      app.error_popup = e.what();
    }
  }
}

}  // namespace monge
