#pragma once
// The View, Scene and Screenshot sections of the panel: 2D/3D, projection and camera; the
// canvas's style and every layer's section (each layer builds its own); opening and saving
// scenes; screenshot options.
#include "app/gui/app_state.hpp"

namespace monge {

void view_section(AppState& app);
void scene_section(AppState& app);
void screenshot_section(AppState& app);

}  // namespace monge
