// The ImGui panels: menu bar, control panel (scene, playback, flow parameters, view, trails,
// screenshot), plot of the flow's diagnostics, status bar, Help, and the error popup.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/gui/app_state.hpp"
#include "app/gui/plot.hpp"
#include "app/scene/scene_writer.hpp"
#include "app/canvas/plot_export.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {

// Choices for the string-valued flow fields the panel offers as combos.
const std::vector<std::pair<std::string, std::vector<std::string>>> kFlowChoices = {
    {"directions", {"mc", "orthogonal", "qmc", "max", "vmf"}},
    {"estimator", {"plain", "lcv", "ucv"}},
    {"method", {"sinkhorn", "sns"}},
};

const std::vector<std::string>* choices_for(const std::string& key) {
  for (const auto& [k, v] : kFlowChoices)
    if (k == key) return &v;
  return nullptr;
}

// Edit the flow's JSON fields in place; returns true if any changed.
bool edit_flow_fields(nlohmann::json& flow) {
  bool changed = false;
  for (auto it = flow.begin(); it != flow.end(); ++it) {
    const std::string key = it.key();
    if (key == "kind") continue;
    nlohmann::json& value = it.value();
    ImGui::PushID(key.c_str());
    if (value.is_boolean()) {
      bool b = value.get<bool>();
      if (ImGui::Checkbox(key.c_str(), &b)) value = b, changed = true;
    } else if (value.is_number_integer()) {
      int v = value.get<int>();
      if (ImGui::InputInt(key.c_str(), &v)) value = v, changed = true;
    } else if (value.is_number()) {
      double v = value.get<double>();
      // Drag speed relative to the value so that 1e-3 and 100 are both easy to adjust.
      const float speed = static_cast<float>(std::max(std::abs(v) * 0.01, 1e-5));
      if (ImGui::DragScalar(key.c_str(), ImGuiDataType_Double, &v, speed, nullptr, nullptr, "%.5g")) value = v, changed = true;
    } else if (value.is_string()) {
      std::string s = value.get<std::string>();
      if (const auto* options = choices_for(key)) {
        if (ImGui::BeginCombo(key.c_str(), s.c_str())) {
          for (const auto& o : *options)
            if (ImGui::Selectable(o.c_str(), o == s)) value = o, changed = true;
          ImGui::EndCombo();
        }
      } else {
        ImGui::LabelText(key.c_str(), "%s", s.c_str());
      }
    } else if (value.is_object()) {
      if (ImGui::TreeNode(key.c_str())) {
        changed |= edit_flow_fields(value);
        ImGui::TreePop();
      }
    } else {
      ImGui::LabelText(key.c_str(), "%s", value.dump().c_str());
    }
    ImGui::PopID();
  }
  return changed;
}

void playback_section(AppState& app) {
  const bool has_flow = !app.flow_edit.is_null();
  if (!has_flow) {
    ImGui::TextDisabled("This scene has no flow: it shows its measures.");
    return;
  }
  if (ImGui::Button(app.worker->playing() ? "Pause" : "Play", ImVec2(ImGui::GetFontSize() * 5, 0))) {
    app.worker->set_playing(!app.worker->playing());
    app.timeline.live = true;  // playing the flow shows the newest frame
  }
  ImGui::SameLine();
  if (ImGui::Button("Step")) app.worker->step_once();
  ImGui::SameLine();
  if (ImGui::Button("Reset")) {
    app.worker->reset();
    app.timeline = TimelinePanel();
  }
  ImGui::Text("step %llu   t = %.4g", static_cast<unsigned long long>(app.shown.step), app.shown.time);
  int per_frame = app.worker->steps_per_frame();
  if (ImGui::SliderInt("steps per frame", &per_frame, 0, 32, per_frame == 0 ? "unlimited" : "%d"))
    app.worker->set_steps_per_frame(per_frame);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("While frames are quick, the flow runs at most this many steps per drawn frame\n"
                      "(1: see every step). When drawing is slow (over 100 ms a frame) the solver runs\n"
                      "freely between frames. unlimited: never capped.");
  int frame_limit = app.worker->frame_time_limit_ms();
  if (ImGui::SliderInt("frame time limit", &frame_limit, 0, 1000, frame_limit == 0 ? "none" : "%d ms"))
    app.worker->set_frame_time_limit_ms(frame_limit);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The flow pauses when a frame takes longer than this, so that drawing gets the\n"
                      "cores and the window stays responsive. none: never pauses.");
  ImGui::Text("flow: %s", app.flow_edit.value("kind", "?").c_str());
  if (edit_flow_fields(app.flow_edit)) app.flow_error = app.worker->set_flow_json(app.flow_edit);
  if (!app.flow_error.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", app.flow_error.c_str());
}

void plot_section(AppState& app) {
  const auto history = app.worker->history();
  if (history.empty()) {
    ImGui::TextDisabled("Curves appear once the flow runs.");
    return;
  }
  bool& log_scale = app.plot_log_scale;
  ImGui::Checkbox("log scale", &log_scale);
  ImGui::SameLine();
  if (ImGui::Button("Export PNG + CSV")) app.pending_plot_export = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Each curve as a PNG plot and a CSV table, in the screenshot folder");
  for (std::size_t k = 0; k < history.back().values.size(); ++k) {
    PlotSeries series{history.back().values[k].first, {}};
    series.values.reserve(history.size());
    for (const auto& r : history)
      if (k < r.values.size()) series.values.push_back(static_cast<float>(r.values[k].second));
    plot_overlaid(series.label.c_str(), {series}, log_scale);
  }
}

// Density fields (grid flows, or particles as a KDE) and the exact-solution ellipses.
void density_controls(AppState& app) {
  if (app.worker->scene().dim != 2) return;
  ImGui::Separator();
  ImGui::TextDisabled("density field");
  ImGui::Checkbox("particles as density (KDE)", &app.view.particle_density);
  if (ImGui::BeginCombo("field colormap", colormap_name(app.view.field_colormap).data())) {
    for (int i = 0; i < kColormapCount; ++i)
      if (ImGui::Selectable(colormap_name(static_cast<Colormap>(i)).data(), i == static_cast<int>(app.view.field_colormap)))
        app.view.field_colormap = static_cast<Colormap>(i);
    ImGui::EndCombo();
  }
  bool fixed = app.view.field_range.has_value();
  if (ImGui::Checkbox("fixed range", &fixed)) {
    const auto& legend = app.scene_view->field_legend();
    if (fixed) app.view.field_range = std::array<float, 2>{legend ? legend->lo : 0.0f, legend ? legend->hi : 1.0f};
    else app.view.field_range.reset();
  }
  if (app.view.field_range) {
    auto& r = *app.view.field_range;
    ImGui::DragFloat2("range", r.data(), 0.01f * std::max(std::abs(r[1]), 1e-3f), 0.0f, 0.0f, "%.4g");
    if (!(r[1] > r[0])) r[1] = r[0] + 1e-6f;
  } else {
    ImGui::SameLine();
    ImGui::TextDisabled("auto: 0 to the peak so far");
  }
  ImGui::Checkbox("log scale", &app.view.field_log);
  if (app.view.field_log && app.view.field_range && (*app.view.field_range)[0] <= 0) (*app.view.field_range)[0] = 1e-6f;
  ImGui::Checkbox("covariance ellipses (exact: white)", &app.view.show_ellipses);
}

// Meshes: how the surface is drawn, and the deformation scrubbed along t in [0, 1].
void mesh_section(AppState& app) {
  ImGui::SliderFloat("t", &app.view.path_t, 0.0f, 1.0f, "%.3f");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Time along the current map: 0 = the source, 1 = its image");
  ImGui::SameLine();
  if (ImGui::Button(app.animate_path_t ? "Stop" : "Play t")) {
    app.animate_path_t = !app.animate_path_t;
    if (app.animate_path_t && app.view.path_t >= 1.0f) app.view.path_t = 0.0f;
  }
  if (app.animate_path_t) {
    app.view.path_t = std::min(1.0f, app.view.path_t + ImGui::GetIO().DeltaTime / 2.0f);  // 2 s from 0 to 1
    if (app.view.path_t >= 1.0f) app.animate_path_t = false;
  }
  ImGui::Checkbox("flat shading", &app.view.mesh_flat);
  ImGui::SameLine();
  ImGui::Checkbox("wireframe", &app.view.mesh_wireframe);
  ImGui::Checkbox("colour by displacement", &app.view.mesh_color_by_displacement);
  ImGui::Checkbox("vertex trajectories", &app.view.show_paths);
}

void view_section(AppState& app) {
  int mode = app.view.mode == ViewMode::Orbit3D;
  if (ImGui::RadioButton("2D", &mode, 0) | (ImGui::SameLine(), ImGui::RadioButton("3D", &mode, 1))) {
    app.camera.mode = app.view.mode = mode ? ViewMode::Orbit3D : ViewMode::Planar2D;
    app.want_fit = true;
  }
  if (app.view.mode == ViewMode::Orbit3D) {
    int proj = app.view.projection == Projection::Orthographic;
    if (ImGui::RadioButton("perspective", &proj, 0) | (ImGui::SameLine(), ImGui::RadioButton("orthographic", &proj, 1)))
      app.camera.projection = app.view.projection = proj ? Projection::Orthographic : Projection::Perspective;
  }
  if (ImGui::Button("Fit")) app.want_fit = true;
  ImGui::SameLine();
  if (ImGui::Button("Reset camera")) { app.camera.reset(); app.want_fit = true; }
  ImGui::Checkbox("size in world units", &app.view.size_in_world);
  ImGui::DragFloat("point size", &app.view.point_size, app.view.size_in_world ? 0.001f : 0.1f, 0.001f, 256.0f, "%.3g");
  const char* current = colormap_name(app.view.colormap).data();
  if (ImGui::BeginCombo("colormap", current)) {
    for (int i = 0; i < kColormapCount; ++i)
      if (ImGui::Selectable(colormap_name(static_cast<Colormap>(i)).data(), i == static_cast<int>(app.view.colormap)))
        app.view.colormap = static_cast<Colormap>(i);
    ImGui::EndCombo();
  }
  if (ImGui::BeginCombo("colour by", color_by_name(app.view.color_by).data())) {
    for (int i = 0; i <= static_cast<int>(ColorBy::Radius); ++i)
      if (ImGui::Selectable(color_by_name(static_cast<ColorBy>(i)).data(), i == static_cast<int>(app.view.color_by))) {
        app.view.color_by = static_cast<ColorBy>(i);
        app.scene_view->set_color_by(app.worker->scene(), app.view.color_by);
      }
    ImGui::EndCombo();
  }
  ImGui::Checkbox("source", &app.view.show_source);
  ImGui::SameLine();
  ImGui::Checkbox("target", &app.view.show_target);
  ImGui::SliderFloat("target opacity", &app.view.target_opacity, 0.0f, 1.0f);
  ImGui::ColorEdit3("background", app.view.background.data(), ImGuiColorEditFlags_NoInputs);
  ImGui::SliderInt("trail length", &app.trail_length, 0, 64);
  density_controls(app);
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

void menu_bar(AppState& app) {
  if (!ImGui::BeginMainMenuBar()) return;
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

// The backend switch of the status bar: the flow (and any comparison's flows) moves to the chosen
// backend at its next step. CUDA is greyed out, with the reason on hover, where it cannot run.
void backend_switch(AppState& app, bool on_cuda) {
  const CudaStatus& cuda = cuda_status();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
  if (!ImGui::BeginCombo("##backend", on_cuda ? "CUDA" : "CPU")) return;
  Backend chosen = app.backend;
  if (ImGui::Selectable("CPU", !on_cuda)) chosen = Backend::Cpu;
  ImGui::BeginDisabled(!cuda.usable);
  if (ImGui::Selectable("CUDA", on_cuda)) chosen = Backend::Cuda;
  ImGui::EndDisabled();
  if (!cuda.usable && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", cuda.reason.c_str());
  ImGui::EndCombo();
  if (chosen != app.backend) {
    app.backend = chosen;
    app.worker->set_backend(chosen);
    for (auto& v : app.compare.variants) v.worker->set_backend(chosen);
  }
}

void status_bar(AppState& app) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float height = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, height));
  ImGui::Begin("##status", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
  const std::string backend = app.worker->backend_label();
  const bool on_cuda = backend.rfind("CUDA", 0) == 0;
  const std::string shown = backend == "CPU"
                                ? "CPU (" + std::to_string(std::max(1u, std::thread::hardware_concurrency())) + " threads)"
                                : backend;
  ImGui::Text("%.0f fps  %.1f ms  |  %lld points  |  %.0f steps/s  |  upload %.1f KB/frame  |  backend: %s",
              app.fps, app.frame_ms, static_cast<long long>(app.shown.points.rows()), app.worker->steps_per_second(),
              app.upload_bytes / 1024.0, shown.c_str());
  ImGui::SameLine();
  backend_switch(app, on_cuda);
  if (!app.status_message.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("|  %s", app.status_message.c_str());
  }
  ImGui::End();
}

void help_window(AppState& app) {
  if (!app.show_help) return;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26, 0), ImGuiCond_Appearing);
  if (ImGui::Begin("Help", &app.show_help)) {
    static const char* kKeys[][2] = {
        {"Space", "play / pause the flow"}, {"N or Right", "one step"}, {"Left", "one stored frame back (timeline)"}, {"R", "reset the flow"},
        {"F", "fit the view to the data"}, {"C", "reset the camera"}, {"2 / 3", "2D / 3D view"},
        {"O", "perspective / orthographic"}, {"T", "show / hide the target"}, {"P or F12", "screenshot"},
        {"Tab", "hide / show the panels"}, {"H or F1", "this help"}, {"Ctrl+Q", "quit"},
        {"Left drag", "pan (2D), orbit (3D)"}, {"Right drag, Shift+left", "pan"}, {"Wheel", "zoom about the cursor"}};
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
  if (ImGui::CollapsingHeader("Flow", ImGuiTreeNodeFlags_DefaultOpen)) playback_section(app);
  if (app.compare.active()) {
    if (ImGui::CollapsingHeader("Compare", ImGuiTreeNodeFlags_DefaultOpen)) comparison_section(app);
  } else {
    if (ImGui::CollapsingHeader("Plots", ImGuiTreeNodeFlags_DefaultOpen)) plot_section(app);
    if (ImGui::CollapsingHeader("Timeline")) timeline_section(app, app.timeline);
    if (ImGui::CollapsingHeader("Compare")) comparison_section(app);
  }
  if (app.worker->scene().source_mesh && ImGui::CollapsingHeader("Mesh", ImGuiTreeNodeFlags_DefaultOpen)) mesh_section(app);
  if (app.worker->scene().target && !app.worker->scene().source_mesh && ImGui::CollapsingHeader("Transport plan"))
    plan_section(app, app.plan);
  if (ImGui::CollapsingHeader("View")) view_section(app);
  if (ImGui::CollapsingHeader("Screenshot")) screenshot_section(app);
  if (ImGui::CollapsingHeader("Record", app.record.recording ? ImGuiTreeNodeFlags_DefaultOpen : 0)) record_section(app, app.record);
  ImGui::End();
  status_bar(app);
  help_window(app);
  error_popup(app);
}

void open_scene(AppState& app, const std::filesystem::path& path) {
  try {
    open_scene(app, load_scene(path), path);
  } catch (const std::exception& e) {
    app.error_popup = e.what();
  }
}

void open_scene(AppState& app, Scene scene, const std::filesystem::path& path) {
  try {
    ViewSettings view = parse_view(JsonNode(scene.view, scene.file_label, "view"), scene.dim);
    auto sim = std::make_unique<Simulation>(std::move(scene));
    sim->set_backend(app.backend);
    stop_comparison(app);
    app.timeline = TimelinePanel();
    app.plan = PlanPanel();  // waits for a solve in flight; its lines belonged to the old scene
    app.worker.reset();  // stop the old flow before its scene goes
    app.flow_edit = sim->scene().flow;
    app.flow_error.clear();
    app.view = view;
    app.scene_view->set_scene(sim->scene(), app.view);
    app.shown = sim->state();
    app.worker = std::make_unique<SimulationWorker>(std::move(sim));
    app.shown_version = 0;
    app.scene_path = path;
    app.scene_path_input = path.string();
    app.camera = Camera();
    app.camera.mode = view.mode;
    app.camera.projection = view.projection;
    if (view.camera) {
      app.camera = *view.camera;
      app.want_fit = false;
    } else {
      app.want_fit = true;
    }
    app.status_message = "Opened " + path.filename().string();
    // A scene saved during a comparison (or written with "compare") opens as that split view.
    std::vector<std::pair<std::string, nlohmann::json>> patches;
    for (const auto& v : app.worker->scene().compare) patches.push_back({v.label, v.flow_patch});
    if (!patches.empty()) start_comparison(app, patches);
  } catch (const std::exception& e) {
    app.error_popup = e.what();
  }
}

void save_current_scene(const AppState& app, const std::filesystem::path& path) {
  Scene scene = app.worker->scene();
  scene.compare = current_variants(app);
  save_scene(path, scene_to_json(scene, app.flow_edit, view_to_json(app.view, &app.camera)));
}

void export_current_plots(AppState& app) {
  std::vector<std::vector<DiagnosticsRecord>> histories;
  std::vector<std::string> labels;
  if (app.compare.active()) {
    for (auto& v : app.compare.variants) {
      histories.push_back(v.worker->history());
      labels.push_back(v.label);
    }
  } else {
    histories.push_back(app.worker->history());
  }
  std::string stem = app.worker->scene().name;
  for (char& c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
  try {
    const auto plots = plots_from_histories(histories, labels);
    if (plots.empty()) {
      app.status_message = "No curves to export yet: run the flow first.";
      return;
    }
    const auto files = export_plots(plots, app.shot.folder, "monge-" + stem + "-", app.plot_log_scale);
    app.status_message = "Wrote " + std::to_string(files.size()) + " files (PNG + CSV) to " + std::string(app.shot.folder);
  } catch (const std::exception& e) {
    app.error_popup = std::string("Cannot export the plots: ") + e.what();
  }
}

std::string next_screenshot_path(const AppState& app) {
  std::string stem = app.worker ? app.worker->scene().name : "scene";
  for (char& c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
  for (int n = 1;; ++n) {
    char name[256];
    std::snprintf(name, sizeof name, "monge-%s-%03d.png", stem.c_str(), n);
    const auto p = std::filesystem::path(app.shot.folder) / name;
    if (!std::filesystem::exists(p)) return p.string();
  }
}

}  // namespace monge
