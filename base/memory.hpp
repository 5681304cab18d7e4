#pragma once
// Memory the machine can give this process, and the up-front refusal of work that would need
// more: a request for 10^7 projections of 1000-dimensional points is refused in a line naming the
// estimate ("needs 40.0 GB; this machine has 23.4 GB") instead of dying in std::bad_alloc
// minutes later.
#include <cstddef>
#include <string>

namespace monge {

// Physical memory, or less where a cgroup limit (containers) or RLIMIT_AS says so.
std::size_t machine_memory_bytes();

// "40.0 GB", "512 MB", "12 KB" (powers of 1000, as people read them).
std::string format_bytes(double bytes);

// Throws InputError("<what> needs <bytes>; this machine has <memory>") when `bytes` exceeds the
// machine's memory. `what` names the request, e.g. "projections = 10000000 x d = 1000".
void require_memory(double bytes, const std::string& what);

}  // namespace monge
