#pragma once
// Internal to solvers/entropic: the O(kept entries) passes of the online mode between two
// clustered clouds, on CPU threads, through the tiled kernels (block_kernel.hpp): the Sinkhorn
// half-steps in float or double, and the plan moments in double. Vectors are in the clouds'
// original point order; the slot layout stays inside.
#include <vector>

#include <Eigen/Core>

#include "solvers/common/types.hpp"
#include "solvers/entropic/block_mask.hpp"
#include "solvers/entropic/cloud_clusters.hpp"

namespace monge::entropic {

// Row reductions of one side: rows R against columns C with column weights w (m, probability).
class BlockSide {
 public:
  // kept: the blocks seen from R's clusters (KeptBlocks::by_rows or by_cols), alive as long as this.
  BlockSide(const ClusteredCloud& R, const ClusteredCloud& C, const Eigen::VectorXd& w);

  // out_i = −ε log Σ_j w_j exp((h_j − C_ij)/ε) over the kept blocks, for every row; pred (n): a
  // guess of the result (the previous potential: the sums then stay near 1). `single`: float lanes.
  // Adds the entries evaluated to `entries` if not null.
  void softmin(KeptView kept, const Eigen::VectorXd& h, const Eigen::VectorXd& pred, double eps, bool single,
               Eigen::VectorXd& out, long long* entries = nullptr) const;

  // Plan moments of the rows, with pred = f (the row potentials) and h = g (`single`: float lanes
  // summed in double per chunk, relative error ~1e-7; else double):
  //   mass_i = Σ_j w_j exp((f_i + g_j − C_ij)/ε) (the row's plan mass over its weight a_i),
  //   cost_i = Σ_j (…) C_ij, gsum_i = Σ_j (…) g_j, images (n by d) = Σ_j (…) y_j / mass_i,
  //   argmax_i = the column of the largest term (−1: none). Null outputs are skipped.
  struct Moments {
    Eigen::VectorXd mass, cost, gsum;
    Points images;
    Eigen::VectorXi argmax;
  };
  void moments(KeptView kept, const Eigen::VectorXd& f, const Eigen::VectorXd& g, double eps, bool single,
               bool images, bool argmax, Moments& out) const;

  // The plan's mass on every kept block (K, L), in the CSR order of `kept`:
  // Σ_{i∈K} a_i Σ_{j∈L} w_j exp((f_i + g_j − C_ij)/ε), float lanes (a: the rows' weights, n).
  std::vector<double> block_masses(KeptView kept, int blocks, const Eigen::VectorXd& f, const Eigen::VectorXd& g,
                                   const Eigen::VectorXd& a, double eps) const;

  const ClusteredCloud& rows() const { return R_; }
  const ClusteredCloud& cols() const { return C_; }

 private:
  struct Pass;
  const ClusteredCloud &R_, &C_;
  std::vector<double> logw_;  // C's slots: log w (padding, zero weights: −1e300)
};

}  // namespace monge::entropic
