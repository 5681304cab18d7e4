#pragma once
// Every flow step's state kept as a snapshot under a memory cap, so the user can pause, scrub
// back and forth, play backwards, loop a range, and resume from any earlier frame. When the cap
// is reached, frames are thinned (every other stored frame dropped, the newest always kept), so
// a long run is still covered end to end at a coarser spacing: never a crash.
// No GL and no threads here; SimulationWorker guards it with its lock.
#include <cstddef>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include "solvers/common/flow.hpp"

namespace monge {

struct TimelineFrame {
  FlowState state;
  Diagnostics diagnostics;
};

class Timeline {
 public:
  static constexpr std::size_t kDefaultCapBytes = std::size_t(1) << 30;  // 1 GiB
  explicit Timeline(std::size_t cap_bytes = kDefaultCapBytes) : cap_bytes_(cap_bytes) {}

  void set_cap(std::size_t bytes);
  std::size_t cap() const { return cap_bytes_; }
  void clear();
  // Append the state after a step (frames must come in increasing step order).
  void push(const FlowState& state, const Diagnostics& diagnostics);
  // Drop every frame after index i (resuming the flow from frame i).
  void truncate_after(std::size_t i);

  std::size_t size() const { return frames_.size(); }
  bool empty() const { return frames_.empty(); }
  const TimelineFrame& frame(std::size_t i) const { return frames_[i]; }
  // Index of the stored frame whose step is closest to `step`.
  std::size_t index_of_step(std::uint64_t step) const;
  std::size_t bytes() const { return bytes_; }
  // Steps between stored frames (1 until the cap forced thinning).
  std::uint64_t spacing() const { return spacing_; }

  // Positions of every stored frame: CSV rows "step,time,particle,x0,x1,...", or a float32 .npy
  // of shape (frames, N, d). Throws std::runtime_error on write failure; InputError if frames
  // differ in size (the .npy needs one shape).
  void export_positions(const std::filesystem::path& path) const;
  // Diagnostics as CSV: "step,time,<name>,<name>,...", one row per stored frame.
  void export_diagnostics_csv(const std::filesystem::path& path) const;

 private:
  static std::size_t frame_bytes(const TimelineFrame& f);
  void thin();
  std::deque<TimelineFrame> frames_;
  std::size_t cap_bytes_;
  std::size_t bytes_ = 0;
  std::uint64_t spacing_ = 1;
};

}  // namespace monge
