#pragma once
// Ctrl-C during a long call that released the GIL. Python's SIGINT handler only notes the signal;
// the handler's Python part (raising KeyboardInterrupt) runs when someone calls
// PyErr_CheckSignals with the GIL held. InterruptPoll does that at most every 50 ms: the solvers
// call it through their cancellation hooks (SlicedWasserstein::set_stop_check,
// SinkhornOptions::on_iteration) and the module's loops between steps and frames.
// When it returns true the Python exception (KeyboardInterrupt) is set on this thread: the call
// stops, and the Cancelled it throws is translated to that exception (module.cpp).
#include <chrono>

namespace monge::python {

// While one is alive (they nest, across threads), SIGINT's handler restarts the system calls it
// interrupts (SA_RESTART, as the CLI's handlers do): Python installs it without, so a Ctrl-C would
// make a blocking write (the frames piped to ffmpeg) fail with EINTR instead of being seen by the
// poll. The last one restores Python's handler as it was (Python's own blocking calls must stay
// interruptible).
class RestartSystemCalls {
 public:
  RestartSystemCalls();
  ~RestartSystemCalls();
  RestartSystemCalls(const RestartSystemCalls&) = delete;
  RestartSystemCalls& operator=(const RestartSystemCalls&) = delete;
};

class InterruptPoll {
 public:
  // Call without the GIL, on the thread that released it. True: stop now.
  bool operator()();
  bool raised() const { return raised_; }

 private:
  RestartSystemCalls restart_;
  std::chrono::steady_clock::time_point last_{};
  bool raised_ = false;
};

}  // namespace monge::python
