#pragma once
// Where the projections of one sliced-Wasserstein call run. The engine (sliced_wasserstein.cpp)
// draws the directions and forms the estimators on the CPU; the heavy part, for every direction
// theta_l the exact 1D cost W_l = W_p^p(theta_l#mu, theta_l#nu) and the gradient of mean_l W_l
// with respect to the source positions, goes to a runner. Without one the engine runs it on CPU
// threads; solvers/cuda provides a GPU runner (CudaProjectionRunner) with the same contract.
#include <atomic>
#include <cstdint>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/sliced/direction_cost.hpp"

namespace monge {

class ProjectionRunner {
 public:
  virtual ~ProjectionRunner() = default;
  // costs: resized to theta.rows() and filled with W_l. grad: if not null, already N by d; filled
  // with d(mean_l W_l)/dX. problem.target_id: nonzero when the caller promises that the same id
  // always comes with the same target positions and weights (a flow's fixed target), so a runner
  // may keep them (e.g. on the device) between calls.
  virtual void run(const SlicedProblem& problem, const Points& theta, std::vector<double>& costs, Points* grad) = 0;
  // Short name for status lines, e.g. "CUDA (NVIDIA H200)".
  virtual const char* name() const = 0;
};

// A fresh nonzero id for SlicedWasserstein::set_target_id, unique in this process.
inline std::uint64_t new_target_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1);
}

}  // namespace monge
