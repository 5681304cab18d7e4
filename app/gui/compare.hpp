#pragma once
// The comparison view: the same start advanced by several variants of the flow (e.g. SW,
// LCV-SW, UCV-SW and Max-SW) side by side, each in its own viewport column, with their
// diagnostic curves on one plot.
#include <memory>
#include <string>
#include <vector>

#include "app/gui/sim_worker.hpp"
#include "app/scene/view_settings.hpp"
#include "app/canvas/scene_canvas.hpp"

namespace monge {

struct AppState;

struct CompareVariant {
  std::string label;                      // e.g. "estimator = lcv"
  nlohmann::json patch;                   // fields replaced in the scene's flow object
  std::unique_ptr<SimulationWorker> worker;
  std::unique_ptr<SceneCanvas> canvas;  // drawn with the settings of the window's canvas
  FlowState shown;
  std::uint64_t version = 0;
  std::uint64_t synced_settings = 0;    // the window canvas's settings_version() last applied
};

struct Comparison {
  std::vector<CompareVariant> variants;   // empty: the normal single view
  bool active() const { return !variants.empty(); }
};

// Variants worth comparing for a flow (a preset for sliced-Wasserstein; otherwise each value of
// each choice field). Each patch is merged into the flow object.
std::vector<std::pair<std::string, nlohmann::json>> comparison_presets(const nlohmann::json& flow);
// Start a comparison of `patches` from the current scene's start. Errors go to app.error_popup.
void start_comparison(AppState& app, const std::vector<std::pair<std::string, nlohmann::json>>& patches);
void stop_comparison(AppState& app);
// The running comparison as scene variants (empty when none), for "Save scene as" and recording.
std::vector<SceneVariant> current_variants(const AppState& app);
// Per frame: fetch the variants' newest states.
void update_comparison(AppState& app);
// Draw the variants side by side into the bound framebuffer (vp = all of it: the window, or a
// screenshot `pixel_scale` times its size).
void draw_comparison(AppState& app, const Viewport& vp, bool transparent = false, float pixel_scale = 1.0f);
// Each column's label at its top and a line between columns (ImGui, inside the frame: before
// ImGui::Render, since the draw lists are closed after it).
void draw_comparison_labels(AppState& app, const Viewport& vp);
// Play, pause, step and reset what the window shows: the columns of a split view, else the flow.
bool flows_playing(const AppState& app);
void set_flows_playing(AppState& app, bool playing);
void step_flows(AppState& app);
void reset_flows(AppState& app);
// The panel section: presets, start/stop, the overlaid curves.
void comparison_section(AppState& app);

}  // namespace monge
