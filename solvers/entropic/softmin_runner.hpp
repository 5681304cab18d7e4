#pragma once
// Where the online Sinkhorn reductions run. In the online memory mode every O(N M) pass of a
// solve is a row reduction over the cost C_ij = C(x_i, y_j) recomputed from the positions: the
// half-step softmin, and, once per solve or gradient, the plan moments (the plan summary and the
// barycentric images of divergence.cpp). Without a runner they run on CPU threads (softmin.cpp,
// sinkhorn.cpp, divergence.cpp); solvers/cuda provides a GPU runner (CudaSoftminRunner) with the
// same contract. ε-scaling, over-relaxation and the divergence stay on the host.
// Set one through SinkhornOptions::runner (then Auto memory picks the online mode).
#include <Eigen/Core>

#include "solvers/common/types.hpp"

namespace monge {

// The cost rows: rows X (N by d), columns Y (M by d), C_ij = ground_cost(x_i, y_j, kind, p) with
// kind = static_cast<int>(GroundCost) (0 |x-y|^2, 1 |x-y|, 2 |x-y|^p; entropic_math.hpp).
struct SoftminProblem {
  const Points* X = nullptr;
  const Points* Y = nullptr;
  int kind = 0;
  double p = 2.0;
};

// Per row i, with t_ij = h_j/eps + logw_j - C_ij/eps and pi_ij = exp(t_ij) / sum_k exp(t_ik):
struct SoftminMoments {
  Eigen::VectorXd softmin;    // N: -eps log sum_j exp(t_ij)
  Eigen::VectorXd mean_cost;  // N: sum_j pi_ij C_ij
  Eigen::VectorXd mean_h;     // N: sum_j pi_ij h_j
  Points mean_y;              // N by d: sum_j pi_ij y_j (the barycentric image when h, logw are g, log b)
  Eigen::VectorXi argmax;     // N: first j with the largest t_ij (the row's heaviest plan entry)
};

class SoftminRunner {
 public:
  virtual ~SoftminRunner() = default;
  // The Sinkhorn half-step: out (resized to N) _i = -eps log sum_j exp(h_j/eps + logw_j - C_ij/eps).
  // h, logw: M entries (logw may hold -1e300 for zero weights). single: the caller accepts float
  // exps (summands to ~1e-5 relative; loose-tolerance stages only), as softmin_rows's flag.
  virtual void softmin(const SoftminProblem& problem, const Eigen::VectorXd& h, const Eigen::VectorXd& logw,
                       double eps, bool single, Eigen::VectorXd& out) = 0;
  // The same row reduction in double precision with the moments above (every field resized).
  virtual void moments(const SoftminProblem& problem, const Eigen::VectorXd& h, const Eigen::VectorXd& logw,
                       double eps, SoftminMoments& out) = 0;
  // Short name for status lines, e.g. "CUDA (NVIDIA H200)".
  virtual const char* name() const = 0;
};

}  // namespace monge
