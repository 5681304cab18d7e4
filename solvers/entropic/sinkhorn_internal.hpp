#pragma once
// Internal to solvers/entropic: what the solvers of sinkhorn.cpp (dense, generic online) and
// block_solver.cpp (tiled online) share: option checks, the ε schedule and precision thresholds.
#include <vector>

#include <Eigen/Core>

#include "solvers/entropic/sinkhorn.hpp"

namespace monge::entropic {

// Float kernel storage reaches exact marginal errors of about 1e-8 (docs/entropic.md); below
// this tolerance the last ε stage stores the kernel in double.
constexpr double kSingleKernelTol = 1e-7;
// Float exps (relative error ~1e-7 on the summands) are used above this stage tolerance only; the
// exact summary then decides whether a double stage must follow.
constexpr double kSingleExpTol = 1e-5;
// ε-scaling pays off once C_max/ε exceeds this (2000 points: 171 against 219 iterations at 200).
constexpr double kScalingMinRatio = 50;
// Intermediate ε stages: this error, at most this many iterations.
constexpr double kStageTol = 1e-3;
constexpr int kStageIterations = 200;

// InputError for an invalid eps, tol, max_iter, scaling_factor or p.
void check_options(const SinkhornOptions& o);

// The ε stages of a cold start: cmax·factor^k while above eps (none if `scaling` is false or
// cmax ≤ kScalingMinRatio·eps), then eps itself. At most kMaxStages + 1 stages whatever cmax is
// (huge or infinite): the schedule then starts at eps·factor^-kMaxStages.
constexpr int kMaxStages = 100;
std::vector<double> eps_schedule(double cmax, double eps, double factor, bool scaling);

// Iterations for an intermediate ε stage when `left` stages (this one and the final one included)
// share `budget`: at most kStageIterations and an equal share, so that a small max_iter cannot be
// spent before the final ε (whose potentials the result reports).
inline int stage_budget(int budget, std::size_t left) {
  const int share = budget / static_cast<int>(left > 0 ? left : 1);
  return share < 1 ? (budget > 1 ? 1 : 0) : (share < kStageIterations ? share : kStageIterations);
}

// log w (−1e300 for zero weights).
Eigen::VectorXd safe_log(const Eigen::VectorXd& w);

}  // namespace monge::entropic
