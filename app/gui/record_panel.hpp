#pragma once
// The Record panel: the options of `monge record`, a progress bar with the time left, and
// Cancel. The recording re-runs the current scene and flow parameters from the start, frame
// exact, into an offscreen target, a few frames per window frame so the app stays responsive.
#include <memory>
#include <string>

namespace monge {

struct AppState;
class Recording;
class HeadlessOverlay;

struct RecordPanel {
  char out[512] = "monge-recording.mp4";
  int width = 1280, height = 720;
  float fps = 30.0f;
  int steps = 300;
  int stride = 1;
  bool info_panel = false;
  bool transparent = false;  // alpha kept: .webm, .mov or a PNG folder
  std::unique_ptr<HeadlessOverlay> overlay;
  std::unique_ptr<Recording> recording;
  std::string message;

  RecordPanel();
  ~RecordPanel();
};

// Draw the panel section and advance a running recording (call once per frame).
void record_section(AppState& app, RecordPanel& panel);
void advance_recording(AppState& app, RecordPanel& panel);

}  // namespace monge
