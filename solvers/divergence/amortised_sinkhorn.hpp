#pragma once
// Sinkhorn solves inside a descent loop, amortised: each step's solves start from the previous
// step's potentials and run at most `max_iter` iterations (tens), so a step costs about the same
// whatever ε; the potentials converge over the steps as the descent slows down. The first, cold
// solves (ε-scaling from scratch, and the target's self-transport, solved once and reused) run to
// the tolerance, up to kColdSolveIterations.
#include <algorithm>

#include "solvers/entropic/sinkhorn.hpp"

namespace monge {

constexpr int kColdSolveIterations = 20000;

// `options` for a warm-started solve, or with the cold solve's iteration budget.
inline SinkhornOptions amortised(SinkhornOptions options, bool cold) {
  if (cold) options.max_iter = std::max(options.max_iter, kColdSolveIterations);
  return options;
}

}  // namespace monge
