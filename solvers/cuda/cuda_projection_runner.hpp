#pragma once
// ProjectionRunner on the GPU: hands the engine's problem to SlicedDevice as plain arrays. One
// device workspace: concurrent calls (two engines sharing the runner) take turns.
#include <mutex>
#include <string>

#include "solvers/cuda/sliced_device.hpp"
#include "solvers/sliced/projection_runner.hpp"

namespace monge::cuda {

class CudaProjectionRunner final : public ProjectionRunner {
 public:
  explicit CudaProjectionRunner(const std::string& device_name) : name_("CUDA (" + device_name + ")") {}
  void run(const SlicedProblem& problem, const Points& theta, std::vector<double>& costs, Points* grad) override;
  const char* name() const override { return name_.c_str(); }

 private:
  std::mutex mutex_;  // one device workspace (and one kept target)
  SlicedDevice device_;
  std::string name_;
};

}  // namespace monge::cuda
