#pragma once
// The application's state: the window, the scene and its simulation worker, what is on screen,
// the timeline, recording and screenshots. What is drawn and how (each layer's settings) belongs
// to the canvas and its layers (app/canvas). One instance, owned by run_gui() and passed by
// reference (no global state).
#include <chrono>
#include <filesystem>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "app/canvas/scene_canvas.hpp"
#include "app/canvas/text_font.hpp"
#include "app/gui/compare.hpp"
#include "app/gui/file_dialog.hpp"
#include "app/io/user_settings.hpp"
#include "app/gui/record_panel.hpp"
#include "app/gui/sim_worker.hpp"
#include "app/gui/timeline_panel.hpp"

struct GLFWwindow;

namespace monge {

struct ScreenshotOptions {
  int scale = 1;               // 1x to 4x the window size
  bool include_ui = true;
  bool transparent = false;
  std::string folder = ".";
};

struct AppState {
  // The window.
  GLFWwindow* window = nullptr;
  Camera camera;                       // its mode and projection are the view's "mode" and "projection"
  bool want_fit = true;
  bool show_ui = true, show_help = false;
  TextFonts fonts;                     // the panels' font, and the font of text drawn into the frame
  float fps = 0.0f, frame_ms = 0.0f;
  std::size_t upload_bytes = 0;
  std::optional<Pick> hovered;         // the point under the cursor (tooltip)
  std::chrono::steady_clock::time_point trajectory_read;  // when the selection's path was last read
  // The scene, its flow, and what is on screen.
  std::filesystem::path scene_path;
  std::string scene_path_input;
  std::vector<std::filesystem::path> gallery;  // assets/scenes/*.json
  std::unique_ptr<SimulationWorker> worker;
  std::unique_ptr<SceneCanvas> canvas;
  FlowState shown;                     // the state on screen (copied from the worker)
  std::uint64_t shown_version = 0;
  nlohmann::json flow_edit;            // the flow parameters as the panel edits them
  std::string flow_error;              // why the last parameter change was refused
  Backend backend = Backend::Auto;     // requested for every flow the window runs (status bar)
  Comparison compare;                  // side-by-side variants (empty: single view)
  TimelinePanel timeline;
  bool plot_log_scale = true;
  // Files: what the window remembers between runs, the Open dialog, files dropped on the window.
  UserSettings settings;
  FileDialog open_dialog;
  std::vector<std::string> dropped;    // paths dropped since the last frame
  // Output: screenshots, plots, recordings, messages.
  ScreenshotOptions shot;
  std::string pending_screenshot;      // path to write at the end of this frame
  bool pending_plot_export = false;    // write the plots (PNG + CSV) at the end of this frame
  RecordPanel record;
  std::string status_message;
  std::string error_popup;             // shown in a modal; the app stays alive
};

}  // namespace monge
