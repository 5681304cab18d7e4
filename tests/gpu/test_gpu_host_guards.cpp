// The CUDA library's host side, checked without a device (these run on every machine, CI's
// included): empty inputs return what the CPU returns before any CUDA call (a zero-sized grid is
// a launch error), failures are worded so that a kernel fault names its cause (cuda_errors.hpp),
// and the environment switches MONGE_CUDA_SYNC and MONGE_REQUIRE_CUDA read as documented.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "solvers/backend/backend.hpp"
#include "solvers/cuda/cuda_errors.hpp"
#include "solvers/cuda/cuda_interaction_runner.hpp"
#include "solvers/cuda/cuda_softmin_runner.hpp"

namespace monge::cuda {
namespace {

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~ScopedEnv() {
    if (had_) setenv(name_.c_str(), old_.c_str(), 1);
    else unsetenv(name_.c_str());
  }

 private:
  std::string name_, old_;
  bool had_ = false;
};

// On a machine without a GPU any CUDA call fails (SolverError): these pass only if the empty
// input returns before the first one. With a GPU they check the same results.
TEST(GpuHostGuards, EmptyParticleSetsReturnZeroAsTheCpuDoes) {
  CudaInteractionRunner runner("test");
  const Points X(0, 2);
  const Eigen::VectorXd w(0);
  std::vector<double> out(3, 1.0);
  EXPECT_EQ(runner.interaction(X, w, InteractionKernel{}, out, true), 0.0);
  EXPECT_TRUE(out.empty());
  out.assign(3, 1.0);
  EXPECT_EQ(runner.blob(X, w, BlobOptions{2.0, 0.1}, out), 0.0);
  EXPECT_TRUE(out.empty());
}

TEST(GpuHostGuards, EmptySoftminRowsReturnNothing) {
  CudaSoftminRunner runner("test");
  const Points X(0, 2), Y = Points::Ones(4, 2);
  const Eigen::VectorXd h = Eigen::VectorXd::Zero(4), logw = Eigen::VectorXd::Constant(4, -std::log(4.0));
  Eigen::VectorXd out = Eigen::VectorXd::Ones(3);
  runner.softmin(SoftminProblem{&X, &Y, 0, 2.0}, h, logw, 0.1, true, out);
  EXPECT_EQ(out.size(), 0);
  SoftminMoments moments;
  runner.moments(SoftminProblem{&X, &Y, 0, 2.0}, h, logw, 0.1, moments);
  EXPECT_EQ(moments.softmin.size(), 0);
  EXPECT_EQ(moments.mean_y.rows(), 0);
}

TEST(GpuHostGuards, AKernelFaultIsNamedAndBlamedForLaterFailures) {
  forget_device_fault();
  // A configuration error: the call's own message, nothing remembered.
  EXPECT_EQ(failure_message("softmin_rows", "invalid configuration argument", false, false),
            "CUDA: softmin_rows: invalid configuration argument");
  // A fault seen by a copy: an earlier kernel may be the cause, MONGE_CUDA_SYNC=1 names it.
  const std::string fault = failure_message("download gradient", "an illegal memory access was encountered", true, false);
  EXPECT_NE(fault.find("CUDA: download gradient: an illegal memory access"), std::string::npos) << fault;
  EXPECT_NE(fault.find("MONGE_CUDA_SYNC=1"), std::string::npos) << fault;
  // Every later failure names the first fault and says the device is lost to this process.
  const std::string later = failure_message("upload X", "an illegal memory access was encountered", true, false);
  EXPECT_NE(later.find("CUDA: upload X"), std::string::npos) << later;
  EXPECT_NE(later.find("faulted earlier"), std::string::npos) << later;
  EXPECT_NE(later.find("download gradient"), std::string::npos) << later;
  EXPECT_NE(later.find("--backend cpu"), std::string::npos) << later;
  forget_device_fault();
  // A fault caught by check_launch under MONGE_CUDA_SYNC=1 is the kernel's own: no hint.
  EXPECT_EQ(failure_message("gather_gradient", "an illegal memory access was encountered", true, true),
            "CUDA: gather_gradient: an illegal memory access was encountered");
  forget_device_fault();
}

TEST(GpuHostGuards, EnvironmentSwitches) {
  {
    const ScopedEnv sync("MONGE_CUDA_SYNC", "1");
    EXPECT_TRUE(synchronous_launches());
  }
  {
    const ScopedEnv sync("MONGE_CUDA_SYNC", "0");
    EXPECT_FALSE(synchronous_launches());
  }
  {
    const ScopedEnv sync("MONGE_CUDA_SYNC", nullptr);
    EXPECT_FALSE(synchronous_launches());
  }
  {
    const ScopedEnv require("MONGE_REQUIRE_CUDA", "1");
    EXPECT_TRUE(cuda_required());
  }
  {
    const ScopedEnv require("MONGE_REQUIRE_CUDA", nullptr);
    EXPECT_FALSE(cuda_required());
  }
}

}  // namespace
}  // namespace monge::cuda
