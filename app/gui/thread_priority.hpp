#pragma once
// Lowering a thread's scheduling priority, so that a background computation leaves the cores to
// the interactive threads when both want them.

namespace monge {

// Niceness for the flow's solver threads (0 normal, 19 lowest): with 10 the window's threads get
// about nine tenths of a contended core (scheduler weights 1024 against 110), so a frame is
// stretched little, while the solver still gets a share when other programs load the machine.
constexpr int kSolverNiceness = 10;

// Raises the calling thread's niceness to `niceness` (never lowers it: that needs privileges).
// Threads it creates afterwards inherit the value. Returns false where the platform offers no
// per-thread niceness or refused; the thread then simply runs at its old priority.
bool lower_current_thread_priority(int niceness);

}  // namespace monge
