#pragma once
// Progress of long single steps on stderr for the headless commands: a JKO step on a 4096^2
// grid or a large Sinkhorn solve can take minutes, and used to give no sign of life. Install
// progress() with a ProgressScope around the steps (base/progress.hpp); a step that runs longer
// than `quiet_seconds` then prints "monge: step 12: JKO iterations (of the cap) 35% (40 s)" at most every
// `every_seconds`. Quick steps print nothing, so scripted output stays as it was.
#include <chrono>
#include <cstdint>

#include "base/progress.hpp"

namespace monge {

class StepProgress {
 public:
  explicit StepProgress(double quiet_seconds = 2.0, double every_seconds = 5.0);
  Progress& progress() { return progress_; }
  // Call before each step: its number and the time it starts.
  void begin_step(std::uint64_t step);

 private:
  void report(double fraction, const char* what);
  using Clock = std::chrono::steady_clock;
  double quiet_seconds_, every_seconds_;
  std::uint64_t step_ = 0;
  Clock::time_point step_start_, last_print_;
  bool printed_ = false;  // during this step
  Progress progress_;
};

}  // namespace monge
