#pragma once
// Every flow step's state kept as a snapshot under a memory cap, so the user can pause, scrub
// back and forth, play backwards, loop a range, and resume from any earlier frame. When the cap
// is reached, frames are thinned (every other stored frame dropped, the newest always kept), so
// a long run is still covered end to end at a coarser spacing: never a crash.
// The cap fits the scene unless set explicitly: room for kBudgetFrames frames like the first one
// pushed (budget_bytes), so a 20k-point 2D scene keeps 128 to 256 frames in 41 MB where a fixed
// 1 GiB cap let the app grow past a gigabyte within minutes.
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
  // The automatic cap: kBudgetFrames frames, within [kMinBudgetBytes, kMaxBudgetBytes] and at
  // most an eighth of the machine's memory. Thinning keeps between half and all of them.
  static constexpr std::size_t kBudgetFrames = 256;
  static constexpr std::size_t kMinBudgetBytes = std::size_t(32) << 20;  // 32 MiB: small scenes keep thousands
  static constexpr std::size_t kMaxBudgetBytes = std::size_t(1) << 30;   // 1 GiB
  // The automatic cap for frames like `frame` (its points, grid and path).
  static std::size_t budget_bytes(const FlowState& frame);

  // Automatic cap (budget_bytes of the first frame pushed after construction or clear()).
  Timeline() = default;
  // A fixed cap.
  explicit Timeline(std::size_t cap_bytes) : cap_bytes_(cap_bytes), automatic_cap_(false) {}

  // A fixed cap from now on (the app's "memory cap" field); thins at once if over it.
  void set_cap(std::size_t bytes);
  std::size_t cap() const { return cap_bytes_; }
  bool automatic_cap() const { return automatic_cap_; }
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
  // of shape (frames, N, d). Written atomically: throws OutputError naming the path and the OS
  // reason on failure, leaving nothing; InputError if frames differ in size (the .npy needs one
  // shape).
  void export_positions(const std::filesystem::path& path) const;
  // Diagnostics as CSV: "step,time,<name>,<name>,...", one row per stored frame (atomically).
  void export_diagnostics_csv(const std::filesystem::path& path) const;

 private:
  static std::size_t frame_bytes(const TimelineFrame& f);
  void thin();
  static void release_free_memory();  // hands freed pages back to the OS (glibc)
  std::deque<TimelineFrame> frames_;
  std::size_t cap_bytes_ = kMinBudgetBytes;
  bool automatic_cap_ = true;
  std::size_t bytes_ = 0;
  std::uint64_t spacing_ = 1;
};

}  // namespace monge
