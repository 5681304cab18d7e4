#pragma once
// The Flow and Plots sections of the panel: play, pause, step, reset, pacing, the flow's
// parameters (edited live through its JSON), and the curves of its diagnostics.
#include <nlohmann/json.hpp>

#include "app/gui/app_state.hpp"

namespace monge {

void flow_section(AppState& app);
void plot_section(AppState& app);
// Edit a flow's JSON fields in place (numbers, booleans, choices of a flow of `kind`, nested
// objects); true if any changed.
bool edit_flow_fields(nlohmann::json& flow, const std::string& kind);

}  // namespace monge
