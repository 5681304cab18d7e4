#include "app/gui/record_panel.hpp"

#include <imgui.h>

#include <chrono>

#include "app/gui/app_state.hpp"
#include "app/gui/compare.hpp"
#include "app/gui/scene_actions.hpp"
#include "app/canvas/overlay.hpp"
#include "app/canvas/recording.hpp"
#include "app/cli/record_scene.hpp"

namespace monge {

RecordPanel::RecordPanel() = default;
RecordPanel::~RecordPanel() = default;

namespace {

void start(AppState& app, RecordPanel& panel) {
  try {
    Scene scene = app.worker->scene();
    scene.flow = app.flow_edit;
    scene.compare = current_variants(app);  // a running comparison records as a split view
    RecordOptions options;
    options.out = panel.out;
    options.width = panel.width;
    options.height = panel.height;
    options.fps = panel.fps;
    options.stride = std::max(panel.stride, 1);
    options.frames = scene.flow.is_null() ? 1 : panel.steps / options.stride + 1;
    options.transparent = panel.transparent;
    check_recording(scene, options, "");  // as `monge record`: sizes, alpha, a flow to record
    panel.overlay = std::make_unique<HeadlessOverlay>(panel.info_panel);
    HeadlessOverlay* overlay = panel.overlay.get();
    panel.recording = std::make_unique<Recording>(scene, current_view(app), app.camera, options,
                                                  [overlay](const Simulation& sim, const Viewport& vp, const FrameExtras& extras) {
                                                    overlay->draw(sim, vp, extras);
                                                  });
    panel.message.clear();
  } catch (const std::exception& e) {
    panel.recording.reset();
    app.error_popup = std::string("Cannot start the recording: ") + e.what();
  }
}

void stop(RecordPanel& panel, bool cancel, AppState& app) {
  try {
    if (cancel) {
      panel.recording->cancel();
      panel.message = "Cancelled; nothing was written.";
    } else {
      panel.recording->finish();
      panel.message = "Wrote " + std::string(panel.out);
      app.status_message = panel.message;
    }
  } catch (const std::exception& e) {
    app.error_popup = std::string("The recording failed: ") + e.what();
    panel.message = "Failed; nothing was written.";
  }
  panel.recording.reset();
  panel.overlay.reset();
}

}  // namespace

void record_section(AppState& app, RecordPanel& panel) {
  if (panel.recording) {
    const auto& r = *panel.recording;
    const float progress = static_cast<float>(r.frames_done()) / static_cast<float>(r.frames_total());
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%lld / %lld frames, %.0f s left", r.frames_done(), r.frames_total(), r.seconds_left());
    ImGui::ProgressBar(progress, ImVec2(-1, 0), overlay);
    if (ImGui::Button("Cancel")) stop(panel, true, app);
    return;
  }
  ImGui::InputText("output", panel.out, sizeof panel.out);
  ImGui::TextDisabled(".mp4, .gif, .webm, .mov, or a folder for PNGs");
  ImGui::InputInt("width", &panel.width);
  ImGui::InputInt("height", &panel.height);
  panel.width = std::clamp(panel.width, 16, 8192);
  panel.height = std::clamp(panel.height, 16, 8192);
  ImGui::DragFloat("fps", &panel.fps, 0.5f, 1.0f, 240.0f, "%.0f");
  ImGui::InputInt("steps", &panel.steps);
  ImGui::InputInt("stride", &panel.stride);
  panel.steps = std::max(panel.steps, 0);
  panel.stride = std::max(panel.stride, 1);
  ImGui::Checkbox("info panel", &panel.info_panel);
  ImGui::SameLine();
  ImGui::Checkbox("transparent", &panel.transparent);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("background alpha 0, for slides: .webm (VP9), .mov (ProRes 4444) or a PNG folder");
  ImGui::Text("%d frames, %.1f s of video", panel.steps / panel.stride + 1, (panel.steps / panel.stride + 1) / panel.fps);
  if (app.compare.active())
    ImGui::TextDisabled("split view: %d columns, one per variant", static_cast<int>(app.compare.variants.size()));
  if (ImGui::Button("Record")) start(app, panel);
  if (!panel.message.empty()) ImGui::TextWrapped("%s", panel.message.c_str());
}

void advance_recording(AppState& app, RecordPanel& panel) {
  if (!panel.recording) return;
  // Spend up to ~25 ms per window frame on the recording.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(25);
  try {
    bool more = true;
    while (more && std::chrono::steady_clock::now() < until) more = panel.recording->advance();
    if (!more) stop(panel, false, app);
  } catch (const std::exception& e) {
    panel.recording->cancel();
    panel.recording.reset();
    panel.overlay.reset();
    app.error_popup = std::string("The recording failed: ") + e.what();
    panel.message = "Failed; nothing was written.";
  }
}

}  // namespace monge
