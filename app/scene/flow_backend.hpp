#pragma once
// Puts a running flow on a backend (CPU or CUDA): gives each flow kind with a GPU path the
// device runner of its heavy loop. The solvers keep their own state, so a switch takes effect at
// the next step and the flow goes on from where it is.
#include <string>

#include "solvers/backend/backend.hpp"
#include "solvers/common/flow.hpp"

namespace monge {

// `resolved`: Backend::Cpu or Backend::Cuda (see resolve_backend). Returns what now runs the
// flow, for status lines: "CPU", "CUDA (NVIDIA H200)", or "CPU (no GPU path for mesh-deformation)".
std::string apply_backend(Flow& flow, Backend resolved);

}  // namespace monge
