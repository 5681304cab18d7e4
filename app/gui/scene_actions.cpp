#include "app/gui/scene_actions.hpp"

#include <cctype>
#include <cstdio>

#include "app/canvas/plot_export.hpp"
#include "app/scene/file_scene.hpp"
#include "app/scene/scene_writer.hpp"

namespace monge {
namespace {

// A scene name as part of a file name.
std::string file_stem(const std::string& name) {
  std::string stem = name;
  for (char& c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
  return stem;
}

}  // namespace

void open_scene(AppState& app, const std::filesystem::path& path) {
  try {
    open_scene(app, load_scene(path), path);
  } catch (const std::exception& e) {
    app.error_popup = e.what();
  }
}

void open_scene(AppState& app, Scene scene, const std::filesystem::path& path) {
  try {
    const ViewSettings view = parse_view(JsonNode(scene.view, scene.file_label, "view"), scene.dim);
    auto sim = std::make_unique<Simulation>(std::move(scene));
    sim->set_backend(app.backend);
    app.canvas->set_scene(sim->scene(), view, sim->state());  // may refuse the view: before anything changes
    stop_comparison(app);
    app.timeline = TimelinePanel();
    app.worker.reset();  // stop the old flow before its scene goes
    app.flow_edit = sim->scene().flow;
    app.flow_error.clear();
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
      app.camera.mode = view.mode;  // a scene's camera comes with its view's mode and projection
      app.camera.projection = view.projection;
    }
    app.want_fit = !view.camera;
    app.status_message = "Opened " + path.filename().string();
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {  // not a quick look at standard input
      app.settings.add_recent(path);
      save_user_state(app);
    }
    // A scene saved during a comparison (or written with "compare") opens as that split view.
    std::vector<std::pair<std::string, nlohmann::json>> patches;
    for (const auto& v : app.worker->scene().compare) patches.push_back({v.label, v.flow_patch});
    if (!patches.empty()) start_comparison(app, patches);
  } catch (const std::exception& e) {
    app.error_popup = e.what();
  }
}

void open_file(AppState& app, const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    app.error_popup = path.string() + ": no such file";
    return;
  }
  try {
    if (path.extension() == ".json") open_scene(app, path);
    else open_scene(app, scene_from_files(path.string()), path);
  } catch (const std::exception& e) {
    app.error_popup = e.what();
  }
}

void save_user_state(AppState& app) {
  const auto path = user_settings_path();
  if (path.empty()) return;
  app.settings.screenshot_folder = app.shot.folder;
  app.settings.plot_log_scale = app.plot_log_scale;
  try {
    save_user_settings(path, app.settings);
  } catch (const std::exception& e) {
    app.status_message = std::string("Settings not saved: ") + e.what();
  }
}

ViewSettings current_view(const AppState& app) {
  ViewSettings view = app.canvas->settings();
  view.mode = app.camera.mode;
  view.projection = app.camera.projection;
  return view;
}

void save_current_scene(const AppState& app, const std::filesystem::path& path) {
  Scene scene = app.worker->scene();
  scene.compare = current_variants(app);
  save_scene(path, scene_to_json(scene, app.flow_edit, view_to_json(current_view(app), &app.camera)));
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
  try {
    const auto plots = plots_from_histories(histories, labels);
    if (plots.empty()) {
      app.status_message = "No curves to export yet: run the flow first.";
      return;
    }
    const auto files =
        export_plots(plots, app.shot.folder, "monge-" + file_stem(app.worker->scene().name) + "-", app.plot_log_scale);
    app.status_message = "Wrote " + std::to_string(files.size()) + " files (PNG + CSV) to " + std::string(app.shot.folder);
  } catch (const std::exception& e) {
    app.error_popup = std::string("Cannot export the plots: ") + e.what();
  }
}

std::string next_screenshot_path(const AppState& app) {
  const std::string stem = file_stem(app.worker ? app.worker->scene().name : "scene");
  for (int n = 1;; ++n) {
    char name[256];
    std::snprintf(name, sizeof name, "monge-%s-%03d.png", stem.c_str(), n);
    const auto p = std::filesystem::path(app.shot.folder) / name;
    if (!std::filesystem::exists(p)) return p.string();
  }
}

}  // namespace monge
