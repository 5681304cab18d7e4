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
// gradients with one node per connected component of the block graph fixed at 0 (its gauge), and
// a backtracking line search. Mass cannot move between components (a truncated graph often has
// several), so each is balanced to the mean of its row and column masses, and its gauge is split
// evenly between rows and columns. The fine iterations then go on from f_i + u_K(i), g_j + v_L(j).
#include <vector>

#include <Eigen/Core>

#include "solvers/entropic/block_mask.hpp"

namespace monge::entropic {

struct CoarseCorrection {
  Eigen::VectorXd u, v;           // per row cluster, per column cluster (potential units)
  double error_before = 0;        // L1 error of the block sums against A and B, before and after
                                  // (after: at least Σ over components of |A_k − B_k|)
  double error_after = 0;
  int newton_steps = 0;
};

// kept: the blocks (CSR by rows); Q: the plan's mass on each kept block in that order; A, B: the
// clusters' masses (sum 1 each). Stops at a block error ≤ tol (against the components' balanced
// targets) or after max_steps Newton steps. Where no balance exists (a cluster whose blocks cannot
// carry its mass) the dual is unbounded and the shifts can grow without bound: callers check what
// the shifts do to the blocks left out (block_solver.cpp).
// Returns the shifts (zero where nothing could be improved).
CoarseCorrection coarse_correction(const KeptBlocks& kept, const std::vector<double>& Q, const Eigen::VectorXd& A,
                                   const Eigen::VectorXd& B, double eps, double tol, int max_steps = 30);

}  // namespace monge::entropic
