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

class InterruptPoll {
 public:
  // Call without the GIL, on the thread that released it. True: stop now.
  bool operator()();
  bool raised() const { return raised_; }

 private:
  std::chrono::steady_clock::time_point last_{};
  bool raised_ = false;
};

}  // namespace monge::python
