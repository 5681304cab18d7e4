#pragma once
// The fixture of the GPU tests that need a device: where no CUDA device can run they skip, saying
// why; with MONGE_REQUIRE_CUDA=1 (scripts/gpu-check sets it) they fail instead, so that a machine
// whose driver or runtime does not answer cannot pass for a clean GPU run.
#include <gtest/gtest.h>

#include "solvers/backend/backend.hpp"

namespace monge {

class GpuTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (cuda_status().usable) return;
    if (cuda_required()) FAIL() << "MONGE_REQUIRE_CUDA=1 but no GPU run: " << cuda_status().reason;
    GTEST_SKIP() << "no GPU run: " << cuda_status().reason;
  }
  // For fixtures with their own SetUp: true when GpuTest::SetUp skipped or failed the test.
  bool without_device() const { return IsSkipped() || HasFatalFailure(); }
};

}  // namespace monge
