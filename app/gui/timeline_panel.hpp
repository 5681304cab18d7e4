#pragma once
// The Timeline panel: scrub through the stored frames, play them forwards or backwards, loop a
// range, resume the flow from a frame, export the trajectory and the diagnostics.
#include <string>

namespace monge {

struct AppState;

struct TimelinePanel {
  bool live = true;        // follow the newest frame
  int index = 0;           // frame shown when not live
  int direction = 0;       // playback through stored frames: -1 backwards, 0 still, +1 forwards
  bool loop = false;
  int loop_begin = 0, loop_end = 0;
  int cap_mib = 1024;
  char positions_path[512] = "trajectory.npy";
  char diagnostics_path[512] = "diagnostics.csv";
  std::string message;
};

void timeline_section(AppState& app, TimelinePanel& panel);
// Per frame: move the playback index and show that frame (true if it replaced the live state).
bool advance_timeline(AppState& app, TimelinePanel& panel);

}  // namespace monge
