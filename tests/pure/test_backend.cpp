// Backend names and the CPU fallback: asking for CUDA where it cannot run gives the CPU, never an
// error, and the CPU needs no runner.
#include <gtest/gtest.h>

#include "solvers/backend/backend.hpp"
#include "base/errors.hpp"

using namespace monge;

TEST(Backend, NamesRoundTrip) {
  for (Backend b : {Backend::Auto, Backend::Cpu, Backend::Cuda}) EXPECT_EQ(parse_backend(backend_name(b), "x"), b);
}

TEST(Backend, BadNameNamesTheParameter) {
  try {
    parse_backend("gpu", "--backend");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "--backend: expected one of auto, cpu, cuda, got 'gpu'");
  }
}

TEST(Backend, CpuIsAlwaysCpu) {
  EXPECT_EQ(resolve_backend(Backend::Cpu), Backend::Cpu);
  EXPECT_EQ(make_projection_runner(Backend::Cpu), nullptr);
}

TEST(Backend, CudaFallsBackWithAReason) {
  const CudaStatus& s = cuda_status();
  if (s.usable) {
    EXPECT_EQ(resolve_backend(Backend::Cuda), Backend::Cuda);
    EXPECT_NE(make_projection_runner(Backend::Cuda), nullptr);
    EXPECT_FALSE(s.device.empty());
  } else {
    EXPECT_EQ(resolve_backend(Backend::Cuda), Backend::Cpu);
    EXPECT_EQ(resolve_backend(Backend::Auto), Backend::Cpu);
    EXPECT_FALSE(s.reason.empty());
  }
}
