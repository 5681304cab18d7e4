// The window and its frame loop: GLFW + OpenGL 4.5 core + Dear ImGui (HiDPI-scaled), vsync.
// Per frame: take the newest simulation state, handle the mouse and keys, draw the scene,
// draw the panels, and write a screenshot if one was asked for.
#include "app/gui/gui_app.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "app/gui/app_state.hpp"
#include "app/gui/frame_pacing.hpp"
#include "app/gui/screenshot.hpp"
#include "app/canvas/overlay.hpp"
#include "app/canvas/recording.hpp"
#include "app/canvas/offscreen.hpp"
#include "render/gl/frame.hpp"
#include "base/errors.hpp"

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

// Mouse or keyboard activity in this frame (after ImGui::NewFrame): such frames are drawn back to
// back, so that panning, zooming and dragging sliders stay responsive while a heavy flow runs.
bool user_is_interacting() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f || io.MouseWheel != 0.0f || io.MouseWheelH != 0.0f)
    return true;
  for (bool down : io.MouseDown)
    if (down) return true;
  return ImGui::IsAnyItemActive() || io.InputQueueCharacters.Size > 0;
}

void handle_input(AppState& app, const Viewport& vp) {
  ImGuiIO& io = ImGui::GetIO();
  if (!io.WantCaptureMouse) {
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
  if (io.WantCaptureKeyboard) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE)) {
    app.worker->set_playing(!app.worker->playing());
    app.timeline.live = true;
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) {  // one stored frame back
    if (app.timeline.live) app.timeline.index = static_cast<int>(app.worker->timeline_size()) - 1;
    app.timeline.live = false;
    app.timeline.direction = 0;
    app.worker->set_playing(false);
    app.timeline.index = std::max(0, app.timeline.index - 1);
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_N) || ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) app.worker->step_once();
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) {
    app.worker->reset();
    app.timeline = TimelinePanel();
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_F, false)) app.want_fit = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_C, false)) { app.camera.reset(); app.want_fit = true; }
  if (ImGui::IsKeyPressed(GLFW_KEY_2, false)) { app.camera.mode = app.view.mode = ViewMode::Planar2D; app.want_fit = true; }
  if (ImGui::IsKeyPressed(GLFW_KEY_3, false)) { app.camera.mode = app.view.mode = ViewMode::Orbit3D; app.want_fit = true; }
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false))
    app.camera.projection = app.view.projection =
        app.view.projection == Projection::Perspective ? Projection::Orthographic : Projection::Perspective;
  if (ImGui::IsKeyPressed(GLFW_KEY_T, false)) app.view.show_target = !app.view.show_target;
  if (ImGui::IsKeyPressed(GLFW_KEY_P, false) || ImGui::IsKeyPressed(GLFW_KEY_F12, false))
    app.pending_screenshot = next_screenshot_path(app);
  if (ImGui::IsKeyPressed(GLFW_KEY_H, false) || ImGui::IsKeyPressed(GLFW_KEY_F1, false)) app.show_help = !app.show_help;
  if (ImGui::IsKeyPressed(GLFW_KEY_TAB, false)) app.show_ui = !app.show_ui;
  if (ImGui::IsKeyPressed(GLFW_KEY_Q, false) && io.KeyCtrl) glfwSetWindowShouldClose(app.window, 1);
}

float io_width() { return ImGui::GetIO().DisplaySize.x; }
float io_height() { return ImGui::GetIO().DisplaySize.y; }

void set_up_imgui(GLFWwindow* window) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; no imgui.ini left in the user's folder
  float xscale = 1.0f, yscale = 1.0f;
  glfwGetWindowContentScale(window, &xscale, &yscale);
  const float scale = std::max(1.0f, std::max(xscale, yscale));
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(scale);
  ImGui::GetStyle().WindowRounding = 4.0f * scale;
  ImFontConfig font;
  font.SizePixels = std::round(14.0f * scale);
  io.Fonts->AddFontDefault(&font);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 450 core");
}

}  // namespace

int run_gui(const GuiOptions& options) {
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
    std::fprintf(stderr,
                 "monge: no display found (DISPLAY is unset); the GUI needs one. Headless: monge render, "
                 "monge run, monge record, monge sw (see 'monge help').\n");
    return 1;
  }
  glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "monge: GLFW error %d: %s\n", code, text); });
  if (!glfwInit()) {
    std::fprintf(stderr, "monge: cannot open a window on this display; headless commands: see 'monge help'.\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 4);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 5);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "monge", nullptr, nullptr);
  if (!window) {
    glfwTerminate();
    std::fprintf(stderr, "monge: cannot create an OpenGL 4.5 core window on this display.\n");
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  set_up_imgui(window);

  int exit_code = 0;
  {
    AppState app;
    app.window = window;
    app.scene_view = std::make_unique<SceneView>();
    app.scene_view->set_cpu_splat(frame::software_rasteriser());
    const auto scenes = assets_dir() / "scenes";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(scenes, ec))
      if (entry.path().extension() == ".json") app.gallery.push_back(entry.path());
    std::sort(app.gallery.begin(), app.gallery.end());
    app.backend = options.backend;
    open_scene(app, options.scene ? *options.scene : scenes / "default.json");
    if (!app.worker) {
      // Even the requested scene failed: still open, empty, with the error shown.
      Scene empty;
      empty.name = "empty";
      empty.source.points.resize(0, 2);
      app.worker = std::make_unique<SimulationWorker>(std::make_unique<Simulation>(empty));
      app.scene_view->set_scene(empty, app.view);
      if (!options.screenshot.empty()) exit_code = 2;
    }
    if (options.play) app.worker->set_playing(true);

    auto last = std::chrono::steady_clock::now();
    for (int frame = 0; !glfwWindowShouldClose(window); ++frame) {
      glfwPollEvents();
      const auto now = std::chrono::steady_clock::now();
      const auto frame_begin = now;
      const float dt = std::chrono::duration<float>(now - last).count();
      last = now;
      app.frame_ms = 0.9f * app.frame_ms + 0.1f * dt * 1000.0f;
      app.fps = app.frame_ms > 0 ? 1000.0f / app.frame_ms : 0.0f;

      int fb_w = 0, fb_h = 0;
      glfwGetFramebufferSize(window, &fb_w, &fb_h);
      const Viewport vp{std::max(fb_w, 1), std::max(fb_h, 1)};
      app.upload_bytes = 0;
      if (advance_timeline(app, app.timeline)) {
        app.scene_view->set_state(app.shown);  // a stored frame (scrubbing or replay)
        app.scene_view->set_diagnostics({});   // the exact solution is drawn for the live state only
        app.shown_version = 0;                 // take the live state again when back to live
        app.upload_bytes = app.scene_view->last_upload_bytes();
      } else if (app.worker->fetch(app.shown, app.shown_version)) {
        app.scene_view->set_state(app.shown);
        app.scene_view->set_diagnostics(app.worker->published_diagnostics());
        app.upload_bytes = app.scene_view->last_upload_bytes();
      }
      if (std::string e = app.worker->take_error(); !e.empty()) app.error_popup = "The flow stopped: " + e;
      app.scene_view->set_trails(app.trail_length);
      update_comparison(app);
      update_plan(app, app.plan);
      if (app.want_fit && !app.compare.active()) {
        glm::vec3 lo, hi;
        app.scene_view->bounds(lo, hi);
        app.camera.fit(lo, hi, vp);
        app.want_fit = false;
      }

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      const bool user_active = user_is_interacting();
      handle_input(app, vp);
      if (app.show_ui) draw_panels(app);
      if (const auto& legend = app.scene_view->field_legend(); legend && !app.compare.active())
        draw_colorbar(ImGui::GetBackgroundDrawList(), *legend, io_width(), io_height());
      draw_caption(ImGui::GetBackgroundDrawList(), app.worker->scene().captions, app.shown.time, io_width(), io_height());
      ImGui::Render();

      frame::bind_window(vp.width, vp.height);
      if (app.compare.active()) draw_comparison(app, vp);
      else app.scene_view->draw(app.camera, vp, app.view);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      const bool automation_done = options.frames > 0 && frame + 1 >= options.frames;
      if (automation_done && !options.screenshot.empty()) app.pending_screenshot = options.screenshot;
      if (automation_done && !options.save_scene.empty()) {
        try {
          save_current_scene(app, options.save_scene);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "monge: %s\n", e.what());
          exit_code = dynamic_cast<const OutputError*>(&e) ? 3 : 1;  // 3: could not write (README)
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
            exit_code = dynamic_cast<const OutputError*>(&e) ? 3 : 1;  // 3: could not write (README)
          }
        }
      }
      advance_recording(app, app.record);  // after the window's frame: the recording binds its own target
      frame::bind_window(vp.width, vp.height);
      glfwSwapBuffers(window);
      app.worker->frame_presented();
      for (auto& v : app.compare.variants) v.worker->frame_presented();
      if (automation_done) break;
      const double cost = std::chrono::duration<double>(std::chrono::steady_clock::now() - frame_begin).count();
      const bool flow_running =
          app.worker->playing() || std::any_of(app.compare.variants.begin(), app.compare.variants.end(),
                                               [](const CompareVariant& v) { return v.worker->playing(); });
      long long points = app.shown.points.rows();
      for (const auto& v : app.compare.variants) points += v.shown.points.rows();
      const double wait = display_wait_seconds(cost, flow_running && !app.record.recording, user_active, points);
      if (wait > 0) glfwWaitEventsTimeout(wait);  // input ends the wait at once
    }
    stop_comparison(app);
    if (app.record.recording) app.record.recording->cancel();
    app.record.recording.reset();
    app.worker.reset();
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}

}  // namespace monge
