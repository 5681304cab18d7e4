#pragma once
// InteractionRunner on the GPU: hands a flow's exact interaction and blob sums to
// InteractionDevice as plain arrays.
#include <mutex>
#include <string>

#include "solvers/cuda/interaction_device.hpp"
#include "solvers/energy/interaction_runner.hpp"

namespace monge::cuda {

class CudaInteractionRunner final : public InteractionRunner {
 public:
  explicit CudaInteractionRunner(const std::string& device_name) : name_("CUDA (" + device_name + ")") {}
  double interaction(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel,
                     std::vector<double>& grad, bool want_energy) override;
  double blob(const Points& X, const Eigen::VectorXd& w, const BlobOptions& options,
              std::vector<double>& velocity) override;
  const char* name() const override { return name_.c_str(); }

 private:
  std::mutex mutex_;  // one device workspace
  InteractionDevice device_;
  std::string name_;
};

}  // namespace monge::cuda
