#pragma once
// Everything the window's frame loop reads and the panels edit. One instance, owned by
// run_gui() and passed by reference (no global state).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/compare.hpp"
#include "app/gui/plan_panel.hpp"
#include "app/gui/record_panel.hpp"
#include "app/gui/sim_worker.hpp"
#include "app/gui/timeline_panel.hpp"
#include "app/scene/view_settings.hpp"
#include "app/canvas/scene_view.hpp"

struct GLFWwindow;

namespace monge {

struct ScreenshotOptions {
  int scale = 1;               // 1x to 4x the window size
  bool include_ui = true;
  bool transparent = false;
  std::string folder = ".";
};

struct AppState {
  GLFWwindow* window = nullptr;
  std::unique_ptr<SimulationWorker> worker;
  std::unique_ptr<SceneView> scene_view;
  std::filesystem::path scene_path;
  ViewSettings view;
  Camera camera;
  FlowState shown;                     // the state on screen (copied from the worker)
  std::uint64_t shown_version = 0;
  nlohmann::json flow_edit;            // the flow parameters as the panel edits them
  std::string flow_error;              // why the last parameter change was refused
  std::string error_popup;             // shown in a modal; the app stays alive
  std::string scene_path_input;
  std::vector<std::filesystem::path> gallery;  // assets/scenes/*.json
  int trail_length = 0;
  ScreenshotOptions shot;
  std::string pending_screenshot;      // path to write at the end of this frame
  bool pending_plot_export = false;    // write the plots (PNG + CSV) at the end of this frame
  bool plot_log_scale = true;
  bool animate_path_t = false;         // the Mesh panel's "Play t"
  PlanPanel plan;                      // the Transport plan panel
  std::string status_message;
  bool show_help = false;
  bool show_ui = true;
  bool want_fit = true;
  float fps = 0.0f, frame_ms = 0.0f;
  std::size_t upload_bytes = 0;
  Comparison compare;                  // side-by-side variants (empty: single view)
  RecordPanel record;
  Backend backend = Backend::Auto;     // requested for every flow the window runs (status bar)
  TimelinePanel timeline;
};

// Load a scene file into the app; on error the current scene stays and a popup says why.
void open_scene(AppState& app, const std::filesystem::path& path);
// The same with a scene already in memory; `path` names it in the window.
void open_scene(AppState& app, Scene scene, const std::filesystem::path& path);
// "Save scene as": the scene with the current flow parameters, view and camera.
void save_current_scene(const AppState& app, const std::filesystem::path& path);
// Draw all panels for this frame.
void draw_panels(AppState& app);
// A screenshot file name in the chosen folder: monge-<scene>-<n>.png.
std::string next_screenshot_path(const AppState& app);
// Write every plot of the running flow (or comparison) as PNG + CSV into the screenshot folder,
// monge-<scene>-<diagnostic>.*; the status bar (or an error popup) says what happened.
void export_current_plots(AppState& app);

}  // namespace monge
