#pragma once
// Exact pairwise interaction sums, O(N^2), OpenMP over rows and tiled over columns so that a
// tile of source points stays in L1 cache. Used for small N, as the reference for the particle
// mesh (interaction_mesh.hpp), and in 3D.
#include <Eigen/Core>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/energy/interaction_kernel.hpp"

namespace monge {

// X  N by d positions (d = 2 or 3); w  N weights summing to 1.
// grad  (out, resized) N*d row-major: grad_i = sum_{j != i} w_j grad W(X_i - X_j).
// Returns the interaction energy 1/2 sum_{i != j} w_i w_j W(X_i - X_j) when want_energy, else 0.
double interaction_exact(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel,
                         std::vector<double>& grad, bool want_energy);

}  // namespace monge
