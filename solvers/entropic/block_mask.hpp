#pragma once
// Internal to solvers/entropic: kernel truncation. Which blocks (K, L) of two clustered clouds
// (cloud_clusters.hpp) the online kernels evaluate, chosen from the current potentials with
// rigorous bounds on what the others carry (docs/entropic.md, "Kernel truncation"):
//
//   mass of block (K, L) in the plan P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε)  ≤  exp(β_KL)
//   loose  β = log Σ_K a_i e^{f_i/ε} + log Σ_L b_j e^{g_j/ε} − d²_min(box K, box L)/ε
//   tight  β = LSE_{i∈K}(u_i − 2Δ·ξ_i/ε) + LSE_{j∈L}(v_j + 2Δ·η_j/ε) − |Δ|²/ε + 2 r_K r_L/ε
// with u_i = log a_i + (f_i − |ξ_i|²)/ε, v_j = log b_j + (g_j − |η_j|²)/ε, Δ = c_K − c_L, r the
// clusters' radii (the tight form is C_ij = |Δ + ξ_i − η_j|² expanded, with ξ·η ≤ r_K r_L).
// A block is dropped when its bound is at most δ·A_K·B_L (A, B the cluster masses): every row
// cluster then loses at most a fraction δ of its mass, every column cluster too, and the whole
// plan at most δ. The loose bound is O(1) per pair and screens all of them; the tight one, O(|K|+|L|),
// decides the rest. Every cluster keeps at least its most likely block.
// Deterministic: per-row-cluster results are merged in order, whatever the thread count.
#include <vector>

#include <Eigen/Core>

#include "solvers/entropic/block_kernel.hpp"
#include "solvers/entropic/cloud_clusters.hpp"

namespace monge::entropic {

struct KeptBlocks {
  int row_clusters = 0, col_clusters = 0;
  std::vector<int> row_begin, row_cols;  // CSR by row cluster, columns increasing
  std::vector<int> col_begin, col_rows;  // the transpose
  long long kept_entries = 0;            // Σ over kept blocks of |K|·|L| (real points)

  long long blocks() const { return static_cast<long long>(row_cols.size()); }
  KeptView by_rows() const { return KeptView{row_begin.data(), row_cols.data()}; }
  KeptView by_cols() const { return KeptView{col_begin.data(), col_rows.data()}; }
};

// What the dropped blocks can carry under given potentials (upper bounds).
struct DroppedBounds {
  double mass = 0;  // Σ of the plan entries outside the kept blocks
  double cost = 0;  // Σ of P_ij C_ij there (bound × the block's largest cost)
  bool within = true;  // every dropped block within δ·A_K·B_L (else the mask is stale)
};

// Every block (no truncation).
KeptBlocks all_blocks(const ClusteredCloud& X, const ClusteredCloud& Y);

// The blocks that potentials f (X's n) and g (Y's m) at ε require for a loss of at most δ per
// cluster (see above); a, b the probability weights (original order). `bounds` gets the dropped
// blocks' bounds.
KeptBlocks truncated_blocks(const ClusteredCloud& X, const ClusteredCloud& Y, const Eigen::VectorXd& f,
                            const Eigen::VectorXd& g, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps,
                            double delta, DroppedBounds& bounds);

// The bounds of the blocks that `kept` leaves out, under (f, g) at ε, and whether each of them is
// still within δ·A_K·B_L.
DroppedBounds dropped_bounds(const KeptBlocks& kept, const ClusteredCloud& X, const ClusteredCloud& Y,
                             const Eigen::VectorXd& f, const Eigen::VectorXd& g, const Eigen::VectorXd& a,
                             const Eigen::VectorXd& b, double eps, double delta);

}  // namespace monge::entropic
