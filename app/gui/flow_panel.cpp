#include "app/gui/flow_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/canvas/plot_export.hpp"
#include "app/canvas/plot_widget.hpp"

namespace monge {
namespace {

// Choices for the string-valued flow fields the panel offers as combos.
// (flow kind, or "" for any; field; its values), as the flow parsers in app/scene/flow_*.cpp accept them.
struct FlowChoice {
  const char* kind;
  const char* key;
  std::vector<std::string> values;
};
const std::vector<FlowChoice> kFlowChoices = {
    {"", "directions", {"mc", "orthogonal", "qmc", "max", "vmf"}},
    {"", "estimator", {"plain", "lcv", "ucv"}},
    {"sinkhorn-divergence", "method", {"sinkhorn", "sns"}},
    {"fokker-planck", "method", {"auto", "exact", "mesh"}},  // of the "interaction" object
    {"aggregation", "method", {"auto", "exact", "mesh"}},
    {"porous-medium", "method", {"auto", "exact", "mesh"}},
    {"gaussian-geodesic", "metric", {"bw", "gbw"}},
    {"gaussian-barycentre", "metric", {"bw", "gbw"}},
    {"spd-batch-norm", "metric", {"bw", "ai"}},
    {"diffusion-sampler", "field", {"exact", "learned"}},
    {"diffusion-sampler", "target", {"stable", "conditional"}},
    {"diffusion-sampler", "activation", {"tanh", "softplus", "silu"}},
    {"mesh-deformation", "field", {"mlp", "kernel"}},
    {"mesh-deformation", "measure", {"auto", "vertices", "area", "surface", "varifold"}},
    {"mesh-deformation", "directions", {"qmc", "mc"}},
    {"mesh-deformation", "activation", {"tanh", "softplus", "silu"}},
    {"divergence-fit", "divergence",
     {"forward-kl", "reverse-kl", "js", "alpha", "tv", "hellinger", "sliced-wasserstein", "sinkhorn"}},
    {"divergence-fit", "model", {"gaussian", "mixture", "particles"}},
    {"monge-gap", "map", {"residual", "plain"}},
    {"monge-gap", "activation", {"tanh", "softplus", "silu"}},
};

// The flow kind's own list first; the lists for any kind ("") only where it has none.
const std::vector<std::string>* choices_for(const std::string& kind, const std::string& key) {
  for (const FlowChoice& c : kFlowChoices)
    if (c.key == key && c.kind == kind) return &c.values;
  for (const FlowChoice& c : kFlowChoices)
    if (c.key == key && c.kind[0] == '\0') return &c.values;
  return nullptr;
}

}  // namespace

bool edit_flow_fields(nlohmann::json& flow, const std::string& kind) {
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
      if (const auto* options = choices_for(kind, key)) {
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
        changed |= edit_flow_fields(value, kind);
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
  // In a split view these drive the columns (compare.hpp), not the hidden single flow.
  if (ImGui::Button(flows_playing(app) ? "Pause" : "Play", ImVec2(ImGui::GetFontSize() * 5, 0))) {
    set_flows_playing(app, !flows_playing(app));
    app.timeline.live = true;  // playing the flow shows the newest frame
  }
  ImGui::SameLine();
  if (ImGui::Button("Step")) step_flows(app);
  ImGui::SameLine();
  if (ImGui::Button("Reset")) reset_flows(app);
  const FlowState& shown = app.compare.active() ? app.compare.variants.front().shown : app.shown;
  ImGui::Text("step %llu   t = %.4g", static_cast<unsigned long long>(shown.step), shown.time);
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
  if (edit_flow_fields(app.flow_edit, app.flow_edit.value("kind", ""))) app.flow_error = app.worker->set_flow_json(app.flow_edit);
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
