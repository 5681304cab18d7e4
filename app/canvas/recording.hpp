#pragma once
// A frame-exact recording of a scene's flow: frame k shows the state after k * stride steps,
// whatever the machine's speed, drawn offscreen with the window's renderer, read back through
// pixel buffer objects and written by VideoWriter (MP4, GIF or PNG sequence). Needs a current
// GL context (EGL headless, or the GUI's window); advance() draws one frame so the GUI can show
// progress and cancel between frames.
// A scene with "compare" variants records as a split view: one column per variant, all from the
// same start, the same camera, each column labelled, into one video.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/scene/simulation.hpp"
#include "app/scene/view_settings.hpp"
#include "app/canvas/overlay.hpp"
#include "app/canvas/pane_set.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/readback.hpp"
#include "render/video_writer.hpp"

namespace monge {

struct RecordOptions {
  std::filesystem::path out;   // .mp4, .gif, .webm, .mov, or a folder for PNGs
  int width = 1280, height = 720;
  double fps = 30.0;
  long long frames = 0;        // frame count (frame 0 is the initial state)
  long long stride = 1;        // flow steps between frames
  Backend backend = Backend::Cpu;  // what runs the flows (resolve_backend)
  bool transparent = false;    // background alpha 0, kept in .webm, .mov and PNG frames
};

// Draws text over each frame (the canvas's captions and colour bars, an info panel, the column
// labels of a split view) into the bound framebuffer. `sim` is the first column's simulation.
using FrameOverlay = std::function<void(const Simulation& sim, const Viewport& vp, const FrameExtras& extras)>;

class Recording {
 public:
  // Starts the encoder; throws std::runtime_error (or InputError) if it cannot.
  Recording(const Scene& scene, const ViewSettings& view, std::optional<Camera> camera, const RecordOptions& options,
            FrameOverlay overlay = {});
  ~Recording();

  // Draw and queue the next frame; false when all frames are written (then call finish()).
  bool advance();
  void finish();  // flush pending frames, close, rename into place
  void cancel();  // stop and remove the partial output

  long long frames_done() const { return next_frame_; }
  long long frames_total() const { return options_.frames; }
  double seconds_left() const;  // estimate from the pace so far
  const RecordOptions& options() const { return options_; }

 private:
  void write_ready(const Image& frame);
  std::unique_ptr<PaneSet> panes_;
  Camera camera_;
  RecordOptions options_;
  FrameOverlay overlay_;
  std::unique_ptr<Framebuffer> target_;
  std::unique_ptr<AsyncReadback> readback_;
  std::unique_ptr<VideoWriter> writer_;
  Image ready_;
  long long next_frame_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace monge
