// libFuzzer target: NumPy .npy arrays of any dtype (app/io/npy_array.cpp).
// The body is monge::fuzz::npy in fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  monge::fuzz::npy(monge::fuzz::text_of(data, size));
  return 0;
}
