#pragma once
// Picking and inspection in the window: hovering a point shows a tooltip (its layer, index and
// position); clicking selects it, and the Inspect window shows its index, position now, start
// position and colour value, while the canvas rings it and draws its trajectory through the
// stored frames. Clicking empty space clears the selection. A split view is not picked.
#include "app/gui/app_state.hpp"

namespace monge {

// Hover and click handling (after ImGui::NewFrame; does nothing over a panel).
void handle_picking(AppState& app, const Viewport& vp);
// The Inspect window, while something is selected.
void inspect_window(AppState& app);

}  // namespace monge
