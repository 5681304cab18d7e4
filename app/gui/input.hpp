#pragma once
// Mouse and keyboard in the window (after ImGui::NewFrame): camera moves, shortcuts (Help lists them).
#include "app/gui/app_state.hpp"

namespace monge {

// Mouse or keyboard activity in this frame: such frames are drawn back to back, so that panning,
// zooming and dragging sliders stay responsive while a heavy flow runs.
bool user_is_interacting();
// Camera moves and shortcuts that ImGui did not take.
void handle_input(AppState& app, const Viewport& vp);

}  // namespace monge
