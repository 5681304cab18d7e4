#pragma once
// Internal to solvers/entropic: Sinkhorn in the online mode on CPU threads for the squared
// Euclidean cost in d ≤ 3, through the tiled kernels (block_engine.hpp), with a multiscale cold
// start and kernel truncation (block_mask.hpp). docs/entropic.md, "Online mode".
#include <memory>

#include <Eigen/Core>

#include "solvers/common/types.hpp"
#include "solvers/entropic/block_engine.hpp"
#include "solvers/entropic/block_mask.hpp"
#include "solvers/entropic/cloud_clusters.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge::entropic {

// The clusters of both clouds and the final kept blocks of a solve (SinkhornResult::blocks), so
// that plan passes after it (barycentric images, plan view) evaluate the same blocks.
struct BlockPlan {
  std::shared_ptr<const ClusteredCloud> X, Y;  // the same object for a cloud against itself
  KeptBlocks kept;
  Eigen::VectorXd a, b;                        // probability weights (N, M)
  double delta = 0;                            // truncation budget δ (0: no truncation)
  double print_x = 0, print_y = 0;             // fingerprints of the positions (fingerprint())
  // The row moments of the final summary (mass_i = row plan mass / a_i, N; barycentric images,
  // N by d): the divergence gradient reads them instead of another pass.
  Eigen::VectorXd row_mass;
  Points images;
};

// A checksum of the positions (sizes and coordinates), to tell whether a BlockPlan was built on them.
double fingerprint(const Points& P);

// Whether the tiled mode serves these points and options: squared Euclidean cost, d ≤ 3,
// method sinkhorn.
bool blocked_applies(const Points& X, const SinkhornOptions& o);

// The Auto memory policy: the dense mode (stored kernel) when it fits the memory budget, except
// where the tiled online mode serves the problem in float lanes (tol ≥ 1e-5), which measured
// faster (docs/entropic.md, "Memory modes").
bool prefer_dense(const Points& X, const Points& Y, const SinkhornOptions& o);

// Sinkhorn between (X, a) and (Y, b) (probability weights), warm-started from `warm` if its sizes
// match; cmax bounds the cost (the ε schedule); same_cloud: Y is X and b is a (one clustering).
SinkhornResult solve_blocked(const Points& X, const Eigen::VectorXd& a, const Points& Y, const Eigen::VectorXd& b,
                             const SinkhornOptions& o, const SinkhornResult* warm, double cmax, bool same_cloud);

// Row moments (block_engine.hpp) of the plan of `r` between (X, a) and (Y, b) over its blocks:
// those of the solve when r.blocks was built on these points, else fresh clusters and a mask
// (truncated by `o`) from r's potentials. Images and heaviest entries on request.
void blocked_plan_rows(const Points& X, const Eigen::VectorXd& a, const Points& Y, const Eigen::VectorXd& b,
                       const SinkhornResult& r, const SinkhornOptions& o, bool images, bool argmax,
                       BlockSide::Moments& out);

}  // namespace monge::entropic
