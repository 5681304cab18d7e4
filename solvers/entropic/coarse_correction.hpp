#pragma once
// Internal to solvers/entropic: the coarse-grid correction of the tiled mode, a two-level Sinkhorn.
//
// Sinkhorn at small ε corrects the potentials locally: mass that must cross between groups of
// points joined only by faint kernel entries (two blobs far apart against √ε) moves by a factor
// close to 1 per iteration. A warm-started divergence flow hits this every step: the particles
// shift mass between the target's blobs a little, and the solve stalls (measured: the marginal
// error held at 0.009 over 60 iterations, 10k points, three blobs, ε = 0.01). Here the stalled
// mode is solved exactly on the clusters: with Q_KL the plan's mass on block (K, L), find per-
// cluster shifts u_K, v_L of the potentials such that the blocks' corrected masses
// Q_KL exp((u_K + v_L)/ε) have the clusters' masses A_K, B_L as row and column sums. That is
// entropic OT on the block graph, solved by Newton's method on its concave dual
//   D(s, t) = Σ A s + Σ B t − Σ Q exp(s_K + t_L)    (s = u/ε, t = v/ε)
// whose Hessian is the block graph's weighted Laplacian: Jacobi-preconditioned conjugate
// gradients with t fixed at 0 on one column cluster (the gauge), and a backtracking line search.
// The fine iterations then go on from f_i + u_K(i), g_j + v_L(j).
#include <vector>

#include <Eigen/Core>

#include "solvers/entropic/block_mask.hpp"

namespace monge::entropic {

struct CoarseCorrection {
  Eigen::VectorXd u, v;           // per row cluster, per column cluster (potential units)
  double error_before = 0;        // L1 error of the block sums against A and B, before and after
  double error_after = 0;
  int newton_steps = 0;
};

// kept: the blocks (CSR by rows); Q: the plan's mass on each kept block in that order; A, B: the
// clusters' masses (sum 1 each). Stops at a block error ≤ tol or after max_steps Newton steps.
// Returns the shifts (zero where nothing could be improved).
CoarseCorrection coarse_correction(const KeptBlocks& kept, const std::vector<double>& Q, const Eigen::VectorXd& A,
                                   const Eigen::VectorXd& B, double eps, double tol, int max_steps = 30);

}  // namespace monge::entropic
