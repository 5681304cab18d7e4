#pragma once
// Progress and cancellation of one long computation (a JKO step on a 4096^2 grid, a large
// Sinkhorn solve, 10^6 projections) without a parameter threaded through every interface: the
// caller installs a Progress on its thread with a ProgressScope; solvers call report_progress()
// between units of work. Without a scope a report costs one thread-local read.
//
//   Progress progress([](double f, const char* what) { show(f, what); });
//   std::thread t([&] { ProgressScope scope(progress); sim.step(); });  // Cancelled if cancel()ed
//   ... progress.cancel();   // from any thread: the step stops at its next report
//
// Reports come from the thread that installed the scope only (inside an OpenMP region, from its
// master thread), so the callback needs no locking of its own.
#include <atomic>
#include <functional>
#include <stdexcept>

#include "base/errors.hpp"

namespace monge {

// report_progress() throws Cancelled (base/errors.hpp) after Progress::cancel(). Simulation::step
// keeps the state from before the step, as for any exception.

class Progress {
 public:
  // fraction in [0, 1] of the current computation; what names it ("JKO step", "Sinkhorn").
  using Callback = std::function<void(double fraction, const char* what)>;
  explicit Progress(Callback callback = {}) : callback_(std::move(callback)) {}

  void cancel() { cancelled_ = true; }            // any thread
  void reset() { cancelled_ = false; fraction_ = 0.0; }
  bool cancelled() const { return cancelled_; }   // any thread
  double fraction() const { return fraction_; }   // any thread: the latest report

  // For report_progress(): stores the fraction, calls the callback; false once cancelled.
  bool report(double fraction, const char* what);

 private:
  Callback callback_;
  std::atomic<bool> cancelled_{false};
  std::atomic<double> fraction_{0.0};
};

// Installs `progress` for this thread until destroyed (scopes nest; the inner one wins).
class ProgressScope {
 public:
  explicit ProgressScope(Progress& progress);
  ~ProgressScope();
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;

 private:
  Progress* previous_;
};

// Solvers call these between units of work. report_progress throws Cancelled once the installed
// Progress is cancelled; poll_progress returns false instead (for OpenMP regions, which no
// exception may leave). Both do nothing without an installed Progress.
void report_progress(double fraction, const char* what);
bool poll_progress(double fraction, const char* what);

}  // namespace monge
