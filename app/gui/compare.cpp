#include "app/gui/compare.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/gui/app_state.hpp"
#include "app/canvas/plot_export.hpp"
#include "app/canvas/plot_widget.hpp"
#include "render/gl/frame.hpp"

namespace monge {

std::vector<std::pair<std::string, nlohmann::json>> comparison_presets(const nlohmann::json& flow) {
  std::vector<std::pair<std::string, nlohmann::json>> presets;
  if (!flow.is_object()) return presets;
  if (flow.value("kind", "") == "sliced-wasserstein") {
    // The experiment of Nguyen & Ho (2023) made visible: the same budget of projections,
    // three estimators, and Max-SW.
    presets = {{"SW (plain MC)", {{"estimator", "plain"}, {"directions", "mc"}}},
               {"LCV-SW", {{"estimator", "lcv"}, {"directions", "mc"}}},
               {"UCV-SW", {{"estimator", "ucv"}, {"directions", "mc"}}},
               {"Max-SW", {{"estimator", "plain"}, {"directions", "max"}}}};
  } else if (flow.value("kind", "") == "divergence-fit") {
    // Mode covering against mode seeking, from the same start (docs/divergence.md).
    presets = {{"forward KL", {{"divergence", "forward-kl"}}},
               {"reverse KL", {{"divergence", "reverse-kl"}}},
               {"JS", {{"divergence", "js"}}},
               {"SW", {{"divergence", "sliced-wasserstein"}}}};
  } else if (flow.value("kind", "") == "monge-gap") {
    for (double lambda : {0.0, 1.0, 10.0})
      presets.push_back({"lambda = " + std::to_string(static_cast<int>(lambda)), {{"lambda", lambda}}});
  } else if (flow.contains("eps") && flow["eps"].is_number()) {
    const double eps = flow["eps"].get<double>();
    for (double f : {0.25, 1.0, 4.0}) presets.push_back({"eps = " + std::to_string(eps * f).substr(0, 6), {{"eps", eps * f}}});
  } else if (flow.contains("dt") && flow["dt"].is_number()) {
    const double dt = flow["dt"].get<double>();
    for (double f : {0.5, 1.0, 2.0}) presets.push_back({"dt = " + std::to_string(dt * f).substr(0, 6), {{"dt", dt * f}}});
  }
  return presets;
}

void start_comparison(AppState& app, const std::vector<std::pair<std::string, nlohmann::json>>& patches) {
  stop_comparison(app);
  std::vector<CompareVariant> variants;
  try {
    for (const auto& [label, patch] : patches) {
      Scene scene = app.worker->scene();
      scene.flow = app.flow_edit;
      scene.flow.update(patch);
      scene.compare.clear();
      CompareVariant v;
      v.label = label;
      v.patch = patch;
      auto sim = std::make_unique<Simulation>(scene);
      sim->set_backend(app.backend);
      v.canvas = std::make_unique<SceneCanvas>();
      v.canvas->set_cpu_splat(frame::software_rasteriser());
      v.canvas->set_scene(sim->scene(), app.canvas->settings(), sim->state());
      v.shown = sim->state();
      v.worker = std::make_unique<SimulationWorker>(std::move(sim));
      variants.push_back(std::move(v));
    }
  } catch (const std::exception& e) {
    app.error_popup = std::string("Cannot start the comparison: ") + e.what();
    return;
  }
  app.worker->set_playing(false);
  app.compare.variants = std::move(variants);
  app.want_fit = true;
}

void stop_comparison(AppState& app) { app.compare.variants.clear(); }

std::vector<SceneVariant> current_variants(const AppState& app) {
  std::vector<SceneVariant> variants;
  for (const auto& v : app.compare.variants) variants.push_back({v.label, v.patch});
  return variants;
}

void update_comparison(AppState& app) {
  for (auto& v : app.compare.variants) {
    if (v.worker->fetch(v.shown, v.version)) {
      v.canvas->set_state(v.shown);
      v.canvas->set_diagnostics(v.worker->published_diagnostics());
    }
    // The panel edits the window's canvas: every pane follows its settings.
    if (v.synced_settings != app.canvas->settings_version()) {
      v.canvas->apply_settings(app.canvas->settings());
      v.synced_settings = app.canvas->settings_version();
    }
    if (std::string e = v.worker->take_error(); !e.empty()) app.error_popup = v.label + " stopped: " + e;
  }
}

void draw_comparison(AppState& app, const Viewport& vp, bool transparent, float pixel_scale) {
  const int n = static_cast<int>(app.compare.variants.size());
  const int column = vp.width / std::max(n, 1);
  const Viewport cell{column, vp.height};
  if (app.want_fit) {
    glm::vec3 lo, hi;
    app.compare.variants.front().canvas->bounds(lo, hi);
    app.camera.fit(lo, hi, cell);
    app.want_fit = false;
  }
  for (int i = 0; i < n; ++i) {
    frame::set_region(i * column, 0, column, vp.height);
    app.compare.variants[i].canvas->draw(app.camera, cell, transparent, pixel_scale);
  }
  frame::clear_region(vp.width, vp.height);
}

void draw_comparison_labels(AppState& app, const Viewport& vp) {
  const int n = static_cast<int>(app.compare.variants.size());
  const int column = vp.width / std::max(n, 1);
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const float scale = ImGui::GetIO().DisplayFramebufferScale.x;
  for (int i = 0; i < n; ++i) {
    const ImVec2 at((i * column) / scale + 12.0f, ImGui::GetFrameHeight() + 6.0f);
    draw->AddText(ImVec2(at.x, at.y), plot_color(i), app.compare.variants[i].label.c_str());
    if (i > 0) draw->AddLine(ImVec2(i * column / scale, 0), ImVec2(i * column / scale, vp.height / scale), IM_COL32(255, 255, 255, 60));
  }
}

bool flows_playing(const AppState& app) {
  if (!app.compare.active()) return app.worker->playing();
  return app.compare.variants.front().worker->playing();
}

void set_flows_playing(AppState& app, bool playing) {
  if (!app.compare.active()) return app.worker->set_playing(playing);
  for (auto& v : app.compare.variants) v.worker->set_playing(playing);
}

void step_flows(AppState& app) {
  if (!app.compare.active()) return app.worker->step_once();
  for (auto& v : app.compare.variants) v.worker->step_once();
}

void reset_flows(AppState& app) {
  if (app.compare.active()) {
    for (auto& v : app.compare.variants) v.worker->reset();
    return;
  }
  app.worker->reset();
  app.timeline = TimelinePanel();
}

void comparison_section(AppState& app) {
  const auto presets = comparison_presets(app.flow_edit);
  if (presets.empty()) {
    ImGui::TextDisabled("No comparison for this flow.");
    return;
  }
  if (!app.compare.active()) {
    std::string names;
    for (const auto& p : presets) names += (names.empty() ? "" : ", ") + p.first;
    ImGui::TextWrapped("Side by side from the same start: %s.", names.c_str());
    if (ImGui::Button("Start comparison")) start_comparison(app, presets);
    return;
  }
  if (ImGui::Button(flows_playing(app) ? "Pause all" : "Play all")) set_flows_playing(app, !flows_playing(app));
  ImGui::SameLine();
  if (ImGui::Button("Step all")) step_flows(app);
  ImGui::SameLine();
  if (ImGui::Button("Reset all")) reset_flows(app);
  ImGui::SameLine();
  if (ImGui::Button("Export plots")) app.pending_plot_export = true;
  ImGui::SameLine();
  if (ImGui::Button("Stop")) {
    stop_comparison(app);
    return;
  }
  // One plot per diagnostic, one curve per variant.
  std::vector<std::vector<DiagnosticsRecord>> histories;
  for (auto& v : app.compare.variants) histories.push_back(v.worker->history());
  std::vector<std::string> labels;
  for (auto& v : app.compare.variants) labels.push_back(v.label);
  for (const PlotSet& plot : plots_from_histories(histories, labels)) {
    plot_overlaid(plot.name.c_str(), plot.series, true, plot.time, plot.time.empty() ? "step" : "t");
  }
}

}  // namespace monge
