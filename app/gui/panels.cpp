// The ImGui panels' arrangement: the menu bar, the control panel (its sections come from
// flow_panel, view_panel, compare, timeline_panel and record_panel; each layer builds its own
// section inside "View and layers"), the status bar, Help, and the error popup.
#include "app/gui/panels.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/gui/flow_panel.hpp"
#include "app/gui/scene_actions.hpp"
#include "app/gui/status_bar.hpp"
#include "app/gui/view_panel.hpp"

namespace monge {
namespace {

// File > Open (zenity's chooser, or the typed path without it), recent files, the gallery.
void file_menu(AppState& app) {
  if (!ImGui::BeginMenu("File")) return;
  const bool dialog = FileDialog::available();
  if (ImGui::MenuItem(dialog ? "Open..." : "Open (type a path in Scene)", "Ctrl+O", false, !app.open_dialog.busy()))
    if (dialog) app.open_dialog.open("Open a scene");
  if (!dialog && ImGui::IsItemHovered()) ImGui::SetTooltip("Install zenity for a file chooser; files can also be dropped on the window");
  if (ImGui::BeginMenu("Recent", !app.settings.recent.empty())) {
    for (const std::string& p : app.settings.recent)
      if (ImGui::MenuItem(p.c_str())) {
        open_file(app, p);
        break;  // the list changed
      }
    ImGui::EndMenu();
  }
  ImGui::EndMenu();
}

void menu_bar(AppState& app) {
  if (!ImGui::BeginMainMenuBar()) return;
  file_menu(app);
  if (ImGui::BeginMenu("Scenes")) {
    for (const auto& p : app.gallery)
      if (ImGui::MenuItem(p.stem().string().c_str(), nullptr, p == app.scene_path)) open_scene(app, p);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Fit", "F")) app.want_fit = true;
    if (ImGui::MenuItem("Hide panels", "Tab")) app.show_ui = false;
    if (ImGui::MenuItem("Screenshot", "P")) app.pending_screenshot = next_screenshot_path(app);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::MenuItem("Keyboard shortcuts", "H", &app.show_help);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void help_window(AppState& app) {
  if (!app.show_help) return;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26, 0), ImGuiCond_Appearing);
  if (ImGui::Begin("Help", &app.show_help)) {
    static const char* kKeys[][2] = {
        {"Space", "play / pause the flow"}, {"N or Right", "one step"}, {"Left", "one stored frame back (timeline)"}, {"R", "reset the flow"},
        {"F", "fit the view to the data"}, {"C", "reset the camera"}, {"2 / 3", "2D / 3D view"},
        {"O", "perspective / orthographic"}, {"T", "show / hide the target"}, {"P or F12", "screenshot"},
        {"Tab", "hide / show the panels"}, {"H or F1", "this help"}, {"Ctrl+O", "open a file"}, {"Ctrl+Q", "quit"},
        {"Left drag", "pan (2D), orbit (3D)"}, {"Right or middle drag, Shift+left", "pan"}, {"Wheel", "zoom about the cursor"},
        {"Click", "inspect a point (hover: its tooltip)"}, {"Drop a file", "open it"}};
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
      for (const auto& k : kKeys) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k[0]);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k[1]);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

void error_popup(AppState& app) {
  if (app.error_popup.empty()) return;
  ImGui::OpenPopup("Error");
  if (ImGui::BeginPopupModal("Error", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
    ImGui::TextUnformatted(app.error_popup.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button("OK") || ImGui::IsKeyPressed(GLFW_KEY_ENTER) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) {
      app.error_popup.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace

void draw_panels(AppState& app) {
  menu_bar(app);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float top = ImGui::GetFrameHeight();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 8, vp->Pos.y + top + 8), ImGuiCond_Always);
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 20, 0),
                                      ImVec2(ImGui::GetFontSize() * 28, vp->Size.y - 3 * top - 16));
  ImGui::SetNextWindowBgAlpha(0.85f);
  ImGui::Begin("monge", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove);
  if (ImGui::CollapsingHeader("Scene", ImGuiTreeNodeFlags_DefaultOpen)) scene_section(app);
  if (ImGui::CollapsingHeader("Flow", ImGuiTreeNodeFlags_DefaultOpen)) flow_section(app);
  if (app.compare.active()) {
    if (ImGui::CollapsingHeader("Compare", ImGuiTreeNodeFlags_DefaultOpen)) comparison_section(app);
  } else {
    if (ImGui::CollapsingHeader("Plots", ImGuiTreeNodeFlags_DefaultOpen)) plot_section(app);
    if (ImGui::CollapsingHeader("Timeline")) timeline_section(app, app.timeline);
    if (ImGui::CollapsingHeader("Compare")) comparison_section(app);
  }
  if (ImGui::CollapsingHeader("View and layers")) view_section(app);
  if (ImGui::CollapsingHeader("Screenshot")) screenshot_section(app);
  if (ImGui::CollapsingHeader("Record", app.record.recording ? ImGuiTreeNodeFlags_DefaultOpen : 0)) record_section(app, app.record);
  ImGui::End();
  status_bar(app);
  help_window(app);
  error_popup(app);
}

}  // namespace monge
