#pragma once
// The status bar at the bottom of the window: frame rate, points, steps per second, upload, and
// the backend switch (the flow moves to CPU or CUDA at its next step).
#include "app/gui/app_state.hpp"

namespace monge {

void status_bar(AppState& app);

}  // namespace monge
