#pragma once
// The progress line of `monge sinkhorn` (app/cli/progress_line.hpp), fed by the solver's
// per-iteration hook (SinkhornOptions::on_iteration):
//   monge sinkhorn: iteration 1234, 812 iterations/s, 0:02 left, error 3.1e-06 (tol 1e-09)
// Sinkhorn converges linearly, so in the final ε stage the log of the marginal error falls at a
// steady rate: the time left is the time that rate needs to reach the tolerance. During the ε-scaling
// stages (and before 0.2 s of the final one) it is unknown and not shown.
#include <functional>

#include "app/cli/progress_line.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {

// Seconds left to reach `tol` from the errors seen so far; negative: unknown.
class SinkhornEta {
 public:
  SinkhornEta(double eps, double tol) : eps_(eps), tol_(tol) {}
  // One iteration, `seconds` after the start of the solve it belongs to.
  double observe(const SinkhornProgress& p, double seconds);
  // The solve restarted (the divergence runs three): forget the errors seen.
  void restart() { started_ = false; }

 private:
  double eps_, tol_;
  bool started_ = false;       // the final stage has been seen
  double t0_ = 0, log_e0_ = 0;  // its first iteration
};

// The hook for `line`: counts iterations, and solves when there are several (`solves` > 1: the
// divergence), estimates the time left with SinkhornEta (in the last solve). Never asks to stop.
std::function<bool(const SinkhornProgress&)> sinkhorn_progress_hook(ProgressLine& line, double eps, double tol,
                                                                     int solves);

}  // namespace monge
