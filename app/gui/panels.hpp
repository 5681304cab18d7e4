#pragma once
// The window's panels for this frame (call between ImGui::NewFrame and ImGui::Render).
#include "app/gui/app_state.hpp"

namespace monge {

void draw_panels(AppState& app);

}  // namespace monge
