#include "app/gui/flow_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/canvas/plot_export.hpp"
#include "app/canvas/plot_widget.hpp"

namespace monge {
namespace {

// Choices for the string-valued flow fields the panel offers as combos.
const std::vector<std::pair<std::string, std::vector<std::string>>> kFlowChoices = {
    {"directions", {"mc", "orthogonal", "qmc", "max", "vmf"}},
    {"estimator", {"plain", "lcv", "ucv"}},
    {"method", {"sinkhorn", "sns"}},
    {"metric", {"bw", "gbw", "ai"}},         // gaussian flows (docs/gaussian.md)
    {"field", {"exact", "learned"}},          // diffusion-sampler
    {"target", {"stable", "conditional"}},    // diffusion-sampler's flow-matching target
};

const std::vector<std::string>* choices_for(const std::string& key) {
  for (const auto& [k, v] : kFlowChoices)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace

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

void flow_section(AppState& app) {
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
  ImGui::Checkbox("log scale", &app.plot_log_scale);
  ImGui::SameLine();
  if (ImGui::Button("Export PNG, SVG, CSV")) app.pending_plot_export = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Each curve as a PNG and an SVG plot and a CSV table, in the screenshot folder");
  for (const PlotSet& plot : plots_from_histories({history}, {}))
    plot_overlaid(plot.name.c_str(), plot.series, app.plot_log_scale, plot.time, "t");
}

}  // namespace monge
