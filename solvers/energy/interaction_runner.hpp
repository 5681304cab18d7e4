#pragma once
// Where the exact O(N^2) particle sums of a free-energy flow run: the interaction sum
// (interaction_exact's contract) and the blob method's two pair passes (blob_velocity's
// contract). Without a runner they run on CPU threads; solvers/cuda provides a GPU runner
// (CudaInteractionRunner, a tiled N-body kernel) with the same contract. The particle mesh, the
// potential and the Langevin noise stay on the host.
#include <Eigen/Core>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/energy/blob.hpp"
#include "solvers/energy/interaction_kernel.hpp"

namespace monge {

class InteractionRunner {
 public:
  virtual ~InteractionRunner() = default;
  // As interaction_exact: X N by d (d = 2, 3), w N weights; grad (resized) N*d row-major,
  // grad_i = sum_{j != i} w_j grad W(X_i - X_j); returns 1/2 sum_{i != j} w_i w_j W(X_i - X_j)
  // when want_energy, else 0.
  virtual double interaction(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel,
                             std::vector<double>& grad, bool want_energy) = 0;
  // As blob_velocity: velocity (resized) N*d; returns U_eps at X.
  virtual double blob(const Points& X, const Eigen::VectorXd& w, const BlobOptions& options,
                      std::vector<double>& velocity) = 0;
  // Short name for status lines, e.g. "CUDA (NVIDIA H200)".
  virtual const char* name() const = 0;
};

}  // namespace monge
