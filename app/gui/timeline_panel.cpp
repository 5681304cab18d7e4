#include "app/gui/timeline_panel.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/gui/app_state.hpp"

namespace monge {

void timeline_section(AppState& app, TimelinePanel& panel) {
  const int size = static_cast<int>(app.worker->timeline_size());
  if (size == 0) return;
  const int last = size - 1;
  int shown = panel.live ? last : std::clamp(panel.index, 0, last);
  if (ImGui::SliderInt("frame", &shown, 0, last)) {
    panel.live = false;
    panel.index = shown;
    panel.direction = 0;
    app.worker->set_playing(false);
  }
  ImGui::Text("%d frames, every %llu step(s), %.1f MiB", size, static_cast<unsigned long long>(app.worker->timeline_spacing()),
              app.worker->timeline_bytes() / 1048576.0);
  if (ImGui::Button("|<")) panel.live = false, panel.index = 0, panel.direction = 0;
  ImGui::SameLine();
  if (ImGui::Button("<")) panel.live = false, panel.index = shown, panel.direction = -1;
  ImGui::SameLine();
  if (ImGui::Button("||")) panel.direction = 0, panel.index = shown, panel.live = false;
  ImGui::SameLine();
  if (ImGui::Button(">")) panel.live = false, panel.index = shown, panel.direction = 1;
  ImGui::SameLine();
  if (ImGui::Button(">|")) panel.live = true, panel.direction = 0;
  ImGui::SameLine();
  ImGui::TextDisabled(panel.live ? "live" : "replay");
  ImGui::Checkbox("loop", &panel.loop);
  if (panel.loop) {
    ImGui::DragIntRange2("range", &panel.loop_begin, &panel.loop_end, 1.0f, 0, last);
    if (panel.loop_end <= panel.loop_begin) panel.loop_end = last;
  }
  if (!panel.live && ImGui::Button("Resume the flow from this frame")) {
    app.worker->resume_from(static_cast<std::size_t>(shown));
    panel.live = true;
    panel.direction = 0;
  }
  if (ImGui::InputInt("memory cap (MiB)", &panel.cap_mib, 64, 256, ImGuiInputTextFlags_EnterReturnsTrue)) {
    panel.cap_mib = std::clamp(panel.cap_mib, 16, 1 << 20);
    app.worker->set_timeline_cap(static_cast<std::size_t>(panel.cap_mib) << 20);
  }
  ImGui::InputText("##positions", panel.positions_path, sizeof panel.positions_path);
  ImGui::SameLine();
  if (ImGui::Button("Export positions")) {
    const std::string e = app.worker->export_positions(panel.positions_path);
    panel.message = e.empty() ? std::string("Wrote ") + panel.positions_path : e;
  }
  ImGui::InputText("##diagnostics", panel.diagnostics_path, sizeof panel.diagnostics_path);
  ImGui::SameLine();
  if (ImGui::Button("Export diagnostics")) {
    const std::string e = app.worker->export_diagnostics(panel.diagnostics_path);
    panel.message = e.empty() ? std::string("Wrote ") + panel.diagnostics_path : e;
  }
  if (!panel.message.empty()) ImGui::TextWrapped("%s", panel.message.c_str());
}

bool advance_timeline(AppState& app, TimelinePanel& panel) {
  if (panel.live) return false;
  const int last = static_cast<int>(app.worker->timeline_size()) - 1;
  if (last < 0) return false;
  if (panel.direction != 0) {
    const int lo = panel.loop ? std::clamp(panel.loop_begin, 0, last) : 0;
    const int hi = panel.loop ? std::clamp(panel.loop_end, lo, last) : last;
    int next = panel.index + panel.direction;
    if (next > hi) next = panel.loop ? lo : hi, panel.direction = panel.loop ? panel.direction : 0;
    if (next < lo) next = panel.loop ? hi : lo, panel.direction = panel.loop ? panel.direction : 0;
    panel.index = next;
  }
  panel.index = std::clamp(panel.index, 0, last);
  return app.worker->timeline_frame(static_cast<std::size_t>(panel.index), app.shown);
}

}  // namespace monge
