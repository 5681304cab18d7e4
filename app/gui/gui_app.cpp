// The window's life in named pieces, as Polyscope's init / show / main-loop iteration:
//   start_app      the first scene (or an empty one showing why it failed)
//   run_frame      one frame: take the newest state, build the panels, draw, capture, rest
//   stop_app       flows and recordings stopped before the window goes
// The window itself (GLFW, OpenGL, ImGui) is opened and closed by window.cpp.
#include "app/gui/gui_app.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/gui/app_state.hpp"
#include "app/gui/frame_pacing.hpp"
#include "app/gui/input.hpp"
#include "app/gui/inspect_panel.hpp"
#include "app/gui/panels.hpp"
#include "app/gui/scene_actions.hpp"
#include "app/gui/screenshot.hpp"
#include "app/gui/window.hpp"
#include "app/canvas/recording.hpp"
#include "base/errors.hpp"
#include "render/gl/frame.hpp"

namespace monge {

std::filesystem::path assets_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const auto& candidate : {exe.parent_path() / "assets", exe.parent_path().parent_path() / "assets"})
      if (std::filesystem::exists(candidate / "scenes")) return candidate;
  }
  return MONGE_ASSETS_DIR;
}

namespace {

// The state of a running window beyond AppState: the options it was started with and its clock.
struct WindowRun {
  const GuiOptions& options;
  int exit_code = 0;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_frame = started;
  double longest_frame = 0.0;  // seconds
};

// After a scripted run (--frames N): what the window managed, for pacing measurements.
void print_run_summary(const AppState& app, const WindowRun& run, int frames) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run.started).count();
  std::fprintf(stderr, "monge: %d frames in %.2f s (%.1f fps, longest %.0f ms); the flow reached step %llu\n", frames,
               seconds, frames / seconds, run.longest_frame * 1000.0, static_cast<unsigned long long>(app.shown.step));
}

void start_app(AppState& app, WindowRun& run) {
  std::string problem;
  app.settings = load_user_settings(user_settings_path(), &problem);
  app.status_message = problem;
  app.shot.folder = app.settings.screenshot_folder;
  app.plot_log_scale = app.settings.plot_log_scale;
  // Files dropped on the window are opened at the start of the next frame.
  glfwSetWindowUserPointer(app.window, &app);
  glfwSetDropCallback(app.window, [](GLFWwindow* window, int count, const char** paths) {
    auto* state = static_cast<AppState*>(glfwGetWindowUserPointer(window));
    for (int i = 0; i < count; ++i) state->dropped.push_back(paths[i]);
  });
  app.canvas = std::make_unique<SceneCanvas>();
  app.canvas->set_cpu_splat(frame::software_rasteriser());
  const auto scenes = assets_dir() / "scenes";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(scenes, ec))
    if (entry.path().extension() == ".json") app.gallery.push_back(entry.path());
  std::sort(app.gallery.begin(), app.gallery.end());
  app.backend = run.options.backend;
  if (run.options.initial_scene) open_scene(app, *run.options.initial_scene, run.options.initial_scene->file_label);
  else open_scene(app, run.options.scene ? *run.options.scene : scenes / "default.json");
  if (!app.worker) {
    // Even the requested scene failed: still open, empty, with the error shown.
    Scene empty;
    empty.name = "empty";
    empty.source.points.resize(0, 2);
    app.worker = std::make_unique<SimulationWorker>(std::make_unique<Simulation>(empty));
    app.canvas->set_scene(empty, ViewSettings(), app.shown);
    if (!run.options.screenshot.empty()) run.exit_code = 2;
  }
  if (run.options.play) set_flows_playing(app, true);
}

// Files chosen in the Open dialog or dropped on the window since the last frame.
void open_requested_files(AppState& app) {
  if (auto chosen = app.open_dialog.take()) open_file(app, *chosen);
  for (const std::string& path : std::exchange(app.dropped, {})) open_file(app, path);
}

// The state to show this frame: a stored frame while scrubbing or replaying, else the newest.
void take_newest_state(AppState& app) {
  if (advance_timeline(app, app.timeline)) {
    app.canvas->set_state(app.shown);
    app.canvas->set_diagnostics({});  // the exact solution is drawn for the live state only
    app.shown_version = 0;            // take the live state again when back to live
  } else if (app.worker->fetch(app.shown, app.shown_version)) {
    app.canvas->set_state(app.shown);
    app.canvas->set_diagnostics(app.worker->published_diagnostics());
  }
  if (std::string e = app.worker->take_error(); !e.empty()) app.error_popup = "The flow stopped: " + e;
  update_comparison(app);
}

// Panels and overlays for this frame (ImGui), ending with ImGui::Render.
void build_frame_ui(AppState& app, const Viewport& vp, bool& user_active) {
  // Panels at the window's HiDPI scale; captions and colour bars scale with the window's height.
  int width = 0, height = 0;
  glfwGetWindowSize(app.window, &width, &height);
  app.fonts.ensure(std::round(14.0f * window_scale(app.window)), frame_text_pixels(height));
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  user_active = user_is_interacting();
  handle_input(app, vp);
  handle_picking(app, vp);
  if (app.show_ui) draw_panels(app);
  inspect_window(app);
  const ImGuiIO& io = ImGui::GetIO();
  // Colour bars in each column of a split view, captions across the window, as recordings draw them.
  std::vector<SceneCanvas*> canvases;
  if (app.compare.active())
    for (auto& v : app.compare.variants) canvases.push_back(v.canvas.get());
  else
    canvases.push_back(app.canvas.get());
  ImDrawList* under = ImGui::GetBackgroundDrawList();
  draw_column_overlays(canvases, under, under, io.DisplaySize.x, io.DisplaySize.y, app.fonts.frame(), app.fonts.frame_pixels());
  if (app.compare.active()) draw_comparison_labels(app, vp);
  ImGui::Render();
}

void draw_scene(AppState& app, const Viewport& vp) {
  if (app.want_fit && !app.compare.active()) {
    glm::vec3 lo, hi;
    app.canvas->bounds(lo, hi);
    app.camera.fit(lo, hi, vp);
    app.want_fit = false;
  }
  frame::bind_window(vp.width, vp.height);
  if (app.compare.active()) draw_comparison(app, vp);
  else app.canvas->draw(app.camera, vp);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// After drawing: scripted automation, screenshot, plot export, and the recording's next frames.
// True when the automation asked to stop after this frame.
bool finish_frame(AppState& app, WindowRun& run, int frame, const Viewport& vp) {
  const bool automation_done = run.options.frames > 0 && frame + 1 >= run.options.frames;
  if (automation_done && !run.options.screenshot.empty()) app.pending_screenshot = run.options.screenshot;
  if (automation_done && !run.options.save_scene.empty()) {
    try {
      save_current_scene(app, run.options.save_scene);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "monge: %s\n", e.what());
      run.exit_code = dynamic_cast<const OutputError*>(&e) ? 3 : 1;  // 3: could not write (README)
    }
  }
  if (std::exchange(app.pending_plot_export, false)) export_current_plots(app);
  if (!app.pending_screenshot.empty()) {
    const std::string path = std::exchange(app.pending_screenshot, "");
    try {
      const bool ui = app.shot.include_ui && app.show_ui;
      take_screenshot(app, vp, ui ? ImGui::GetDrawData() : nullptr, path);
      app.status_message = "Saved " + path;
    } catch (const std::exception& e) {
      app.error_popup = std::string("Screenshot failed: ") + e.what();
      if (automation_done) {
        std::fprintf(stderr, "monge: %s\n", e.what());
        run.exit_code = dynamic_cast<const OutputError*>(&e) ? 3 : 1;  // 3: could not write (README)
      }
    }
  }
  advance_recording(app, app.record);  // after the window's frame: the recording binds its own target
  frame::bind_window(vp.width, vp.height);
  return automation_done;
}

// While a heavy flow runs, rest after the frame so that drawing leaves the cores to the solver
// (frame_pacing.hpp); input ends a rest at once.
void rest(AppState& app, double frame_seconds, bool user_active) {
  const bool flow_running =
      app.worker->playing() || std::any_of(app.compare.variants.begin(), app.compare.variants.end(),
                                           [](const CompareVariant& v) { return v.worker->playing(); });
  long long points = app.shown.points.rows();
  for (const auto& v : app.compare.variants) points += v.shown.points.rows();
  const double wait = display_wait_seconds(frame_seconds, flow_running && !app.record.recording, user_active, points);
  if (wait > 0) glfwWaitEventsTimeout(wait);
}

// One frame; false when the window should close.
bool run_frame(AppState& app, WindowRun& run, int frame) {
  glfwPollEvents();
  const auto begin = std::chrono::steady_clock::now();
  app.frame_ms = 0.9f * app.frame_ms + 0.1f * std::chrono::duration<float, std::milli>(begin - run.last_frame).count();
  app.fps = app.frame_ms > 0 ? 1000.0f / app.frame_ms : 0.0f;
  run.last_frame = begin;
  int width = 0, height = 0;
  glfwGetFramebufferSize(app.window, &width, &height);
  const Viewport vp{std::max(width, 1), std::max(height, 1)};

  open_requested_files(app);
  take_newest_state(app);
  bool user_active = false;
  build_frame_ui(app, vp, user_active);
  draw_scene(app, vp);
  app.upload_bytes = app.canvas->uploaded_bytes();
  const bool done = finish_frame(app, run, frame, vp);
  glfwSwapBuffers(app.window);
  app.worker->frame_presented();
  for (auto& v : app.compare.variants) v.worker->frame_presented();
  const double cost = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  run.longest_frame = std::max(run.longest_frame, cost);
  if (done) {
    print_run_summary(app, run, frame + 1);
    return false;
  }
  rest(app, cost, user_active);
  return !glfwWindowShouldClose(app.window);
}

void stop_app(AppState& app) {
  int width = 0, height = 0;
  glfwGetWindowSize(app.window, &width, &height);
  if (width > 0 && height > 0) app.settings.window_width = width, app.settings.window_height = height;
  save_user_state(app);
  stop_comparison(app);
  if (app.record.recording) app.record.recording->cancel();
  app.record.recording.reset();
  app.worker.reset();
}

}  // namespace

int run_gui(const GuiOptions& options) {
  // The size the window had when it last closed, unless --size says otherwise.
  int width = options.width, height = options.height;
  if (!options.size_given) {
    const UserSettings remembered = load_user_settings(user_settings_path());
    width = remembered.window_width, height = remembered.window_height;
  }
  GLFWwindow* window = open_window(width, height, "monge");
  if (!window) return 1;
  WindowRun run{options};
  {
    AppState app;
    app.window = window;
    start_app(app, run);
    run.started = run.last_frame = std::chrono::steady_clock::now();
    for (int frame = 0; run_frame(app, run, frame); ++frame) {
    }
    stop_app(app);
  }
  close_window(window);
  return run.exit_code;
}

}  // namespace monge
