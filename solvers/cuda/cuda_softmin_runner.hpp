#pragma once
// SoftminRunner on the GPU: hands the Sinkhorn engine's row reductions to SoftminDevice as plain
// arrays (the base h/eps + log w is formed here, in double, as the CPU path does).
#include <mutex>
#include <string>

#include "solvers/cuda/softmin_device.hpp"
#include "solvers/entropic/softmin_runner.hpp"

namespace monge::cuda {

class CudaSoftminRunner final : public SoftminRunner {
 public:
  explicit CudaSoftminRunner(const std::string& device_name) : name_("CUDA (" + device_name + ")") {}
  void softmin(const SoftminProblem& problem, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps,
               bool single, Eigen::VectorXd& out) override;
  void moments(const SoftminProblem& problem, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps,
               SoftminMoments& out) override;
  const char* name() const override { return name_.c_str(); }

 private:
  SoftminJob job(const SoftminProblem& problem, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps);
  std::mutex mutex_;  // one device workspace: calls (e.g. the three solves of a divergence) take turns
  SoftminDevice device_;
  Eigen::VectorXd base_;
  std::string name_;
};

}  // namespace monge::cuda
