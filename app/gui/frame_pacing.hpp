#pragma once
// How long the window rests after a frame while a flow runs. Header-only and free of GL and
// ImGui, so the pure tests cover it.
//
// A frame that costs a few tens of milliseconds is drawn back to back: the animation stays fluid
// and the worker's steps-per-frame cap (sim_worker.hpp) shares the cores. Two kinds of frame rest
// instead, until the window's drawing is kDisplayShare of the time:
//   - a frame over kSlowFrameSeconds, which cannot look fluid anyway;
//   - a frame of a heavy scene (kHeavyPointCount particles or more: on a software rasteriser the
//     flow's steps then cost tens of milliseconds each too). Its frames can be quick (the CPU
//     splat draws 100k points in 30-40 ms) yet, drawn back to back, would leave the solver a third
//     of the machine: 10 steps a second instead of 17-20.
// A rest is proportional to the frame's cost, so on a GPU, where frames take a few milliseconds,
// it still leaves dozens of frames a second. Input (mouse, keys) ends a rest at once, and frames
// drawn while the user interacts are never followed by one.
#include <algorithm>

namespace monge {

constexpr double kSlowFrameSeconds = 0.05;
constexpr long long kHeavyPointCount = 50000;
constexpr double kDisplayShare = 0.15;
constexpr double kLongestRestSeconds = 1.0;  // the window answers at least once a second

// cost: the frame's own time (from its start to the buffer swap), in seconds. points: the
// particles the frame drew.
inline double display_wait_seconds(double cost, bool flow_running, bool user_active, long long points = 0) {
  if (!flow_running || user_active || !(cost > 0)) return 0.0;
  if (!(cost > kSlowFrameSeconds) && points < kHeavyPointCount) return 0.0;
  return std::min(cost * (1.0 / kDisplayShare - 1.0), kLongestRestSeconds);
}

}  // namespace monge
