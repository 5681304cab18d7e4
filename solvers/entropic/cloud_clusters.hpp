#pragma once
// Internal to solvers/entropic: a point cloud cut into grid cells ("clusters"), stored in the
// padded slot layout of the tiled kernels (block_kernel.hpp). The clusters serve three purposes:
// tiles whose column data sit in L1 while a register block of rows sweeps them; local coordinates
// ξ = x − c (c the cell's box centre) that keep the float kernels accurate; and boxes for the
// truncation bounds (block_mask.hpp). Their centroids, weighted, are the coarse cloud of the
// multiscale solve.
#include <vector>

#include <Eigen/Core>

#include "solvers/common/types.hpp"
#include "solvers/entropic/block_kernel.hpp"

namespace monge::entropic {

struct ClusteredCloud {
  int n = 0, d = 0, clusters = 0, slots = 0;
  double cell = 0;               // grid spacing used
  std::vector<int> slot_of;      // n: slot of original point i
  std::vector<int> cluster_of;   // n: cluster of original point i
  std::vector<int> point_of;     // slots: original index of the point in a slot, −1 for padding
  std::vector<int> slot;         // clusters + 1: first slot of each cluster (multiples of kSlotPad)
  std::vector<int> count;        // clusters: real points per cluster
  std::vector<double> center;    // clusters by d: centre of the cluster's bounding box
  std::vector<double> lo, hi;    // clusters by d: bounding box of its points
  std::vector<double> radius;    // clusters: max |x − centre| over its points
  std::vector<double> mass;      // clusters: Σ of the weights of its points
  std::vector<double> centroid;  // clusters by d: weighted mean (centre if massless)
  std::vector<float> local_f;    // d by slots (SoA): x − centre of its cluster, padding 0
  std::vector<double> local_d;   // d by slots

  SlotCloudView view() const;
  // Original-order vector v (n) into slot order (padding: `pad`), and back.
  void to_slots(const Eigen::VectorXd& v, double pad, std::vector<double>& out) const;
  void from_slots(const std::vector<double>& s, Eigen::VectorXd& out) const;
};

// Clusters X (n by d, d ≤ 3) on a grid of spacing `cell` (> 0) anchored at the bounding box;
// w: n probability weights (the cluster masses and centroids).
ClusteredCloud cluster_cloud(const Points& X, const Eigen::VectorXd& w, double cell);

// The grid spacing for a problem at ε: about √ε/2 (clusters narrower than the kernel's reach, so
// that truncation keeps few blocks and float kernels stay accurate), widened until clusters hold
// `min_population` points on average and number at most `max_clusters` (per cloud), and never above
// 3.5√ε unless the cluster cap requires it. Counts the occupied cells of X (O(n log n)).
double choose_cell(const Points& X, double eps, int min_population = 64, int max_clusters = 4096);

}  // namespace monge::entropic
