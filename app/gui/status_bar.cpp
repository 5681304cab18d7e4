#include "app/gui/status_bar.hpp"

#include <imgui.h>

#include <algorithm>
#include <thread>

namespace monge {
namespace {

// The backend switch of the status bar: the flow (and any comparison's flows) moves to the chosen
// backend at its next step. CUDA is greyed out, with the reason on hover, where it cannot run.
void backend_switch(AppState& app, bool on_cuda) {
  const CudaStatus& cuda = cuda_status();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
  if (!ImGui::BeginCombo("##backend", on_cuda ? "CUDA" : "CPU")) return;
  Backend chosen = app.backend;
  if (ImGui::Selectable("CPU", !on_cuda)) chosen = Backend::Cpu;
  ImGui::BeginDisabled(!cuda.usable);
  if (ImGui::Selectable("CUDA", on_cuda)) chosen = Backend::Cuda;
  ImGui::EndDisabled();
  if (!cuda.usable && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", cuda.reason.c_str());
  ImGui::EndCombo();
  if (chosen != app.backend) {
    app.backend = chosen;
    app.worker->set_backend(chosen);
    for (auto& v : app.compare.variants) v.worker->set_backend(chosen);
  }
}

}  // namespace

void status_bar(AppState& app) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float height = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, height));
  ImGui::Begin("##status", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
  const std::string backend = app.worker->backend_label();
  const bool on_cuda = backend.rfind("CUDA", 0) == 0;
  const std::string shown = backend == "CPU"
                                ? "CPU (" + std::to_string(std::max(1u, std::thread::hardware_concurrency())) + " threads)"
                                : backend;
  ImGui::Text("%.0f fps  %.1f ms  |  %lld points  |  %.0f steps/s  |  upload %.1f KB/frame  |  backend: %s",
              app.fps, app.frame_ms, static_cast<long long>(app.shown.points.rows()), app.worker->steps_per_second(),
              app.upload_bytes / 1024.0, shown.c_str());
  ImGui::SameLine();
  backend_switch(app, on_cuda);
  if (const std::string flow = app.worker->flow_status(); !flow.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f), "|  %s", flow.c_str());
  }
  if (!app.status_message.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("|  %s", app.status_message.c_str());
  }
  ImGui::End();
}

}  // namespace monge
