#pragma once
// How the CUDA backend words its failures (plain C++, no CUDA types: the CPU tests cover it;
// cuda_check.cuh feeds it the runtime's error codes).
//
// Kernels run asynchronously: a kernel that faults (an illegal address, say) is reported by the
// next call that waits for the device, typically a copy, under that copy's name, and the fault is
// sticky: the context is unusable and every later CUDA call of the process fails too. So:
//   - MONGE_CUDA_SYNC=1 makes check_launch wait for each kernel, so a fault is reported under the
//     kernel's own name (slower: for debugging and for scripts/gpu-check);
//   - without it, a sticky error says that an earlier kernel may be the cause and how to find it;
//   - the first sticky failure is remembered, and every later failure names it as the cause.
#include <string>

namespace monge::cuda {

// Whether MONGE_CUDA_SYNC=1 is set (read on every call: cheap next to a launch).
bool synchronous_launches();

// The message of a SolverError for the CUDA call `what` that failed with the runtime's `error`
// text. sticky: the error leaves the device unusable (a kernel fault); waited: `what` waited for
// one kernel only (check_launch under MONGE_CUDA_SYNC=1), so the fault is that kernel's. Records
// the first sticky failure of the process; once one is recorded, the message names it.
std::string failure_message(const std::string& what, const std::string& error, bool sticky, bool waited);

// Forgets the recorded failure (tests only: a real fault cannot be undone).
void forget_device_fault();

}  // namespace monge::cuda
