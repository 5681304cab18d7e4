#pragma once
// How long the window rests after a frame while a flow runs. Header-only and free of GL and
// ImGui, so the pure tests cover it.
//
// A frame that costs a few tens of milliseconds is drawn back to back: the animation stays fluid
// and the worker's steps-per-frame cap (sim_worker.hpp) shares the cores. A frame that costs more
// than kSlowFrameSeconds (e.g. 100k points on a software rasteriser) cannot look fluid anyway;
// drawing such frames back to back would leave the solver a fraction of the machine, so the
// window then rests until its drawing is kDisplayShare of the time: with 90 ms frames, a frame
// every 360 ms and three quarters of the time for the flow alone. Input (mouse, keys) ends a rest at
// once, and frames drawn while the user interacts are never followed by one.
#include <algorithm>

namespace monge {

constexpr double kSlowFrameSeconds = 0.05;
constexpr double kDisplayShare = 0.25;
constexpr double kLongestRestSeconds = 1.0;  // the window answers at least once a second

// cost: the frame's own time (from its start to the buffer swap), in seconds.
inline double display_wait_seconds(double cost, bool flow_running, bool user_active) {
  if (!flow_running || user_active || !(cost > kSlowFrameSeconds)) return 0.0;
  return std::min(cost * (1.0 / kDisplayShare - 1.0), kLongestRestSeconds);
}

}  // namespace monge
