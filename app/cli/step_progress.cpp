#include "app/cli/step_progress.hpp"

#include <cstdio>

namespace monge {

StepProgress::StepProgress(double quiet_seconds, double every_seconds)
    : quiet_seconds_(quiet_seconds),
      every_seconds_(every_seconds),
      step_start_(Clock::now()),
      last_print_(step_start_),
      progress_([this](double fraction, const char* what) { report(fraction, what); }) {}

void StepProgress::begin_step(std::uint64_t step) {
  step_ = step;
  step_start_ = Clock::now();
  printed_ = false;
}

void StepProgress::report(double fraction, const char* what) {
  const Clock::time_point now = Clock::now();
  const double running = std::chrono::duration<double>(now - step_start_).count();
  if (running < quiet_seconds_) return;
  if (printed_ && std::chrono::duration<double>(now - last_print_).count() < every_seconds_) return;
  printed_ = true;
  last_print_ = now;
  std::fprintf(stderr, "monge: step %llu: %s %.0f%% (%.0f s)\n", static_cast<unsigned long long>(step_), what,
               100.0 * fraction, running);
}

}  // namespace monge
