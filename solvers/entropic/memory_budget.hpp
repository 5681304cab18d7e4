#pragma once
// Internal to solvers/entropic: how much memory the machine has free, for the dense mode's budget
// (SinkhornOptions::dense_memory).

namespace monge::entropic {

// Bytes available now without swapping: MemAvailable of /proc/meminfo on Linux, else free
// physical pages (sysconf); 0 if unknown.
long long available_memory_bytes();

}  // namespace monge::entropic
