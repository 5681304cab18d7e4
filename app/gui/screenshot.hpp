#pragma once
// Window screenshots: the scene re-drawn offscreen at 1x to 4x the window size, with the
// ImGui panels drawn over it at the same scale if `ui` is given, then written as PNG.
#include <string>

#include "app/gui/app_state.hpp"

struct ImDrawData;

namespace monge {

void take_screenshot(AppState& app, const Viewport& window, ImDrawData* ui, const std::string& path);

}  // namespace monge
