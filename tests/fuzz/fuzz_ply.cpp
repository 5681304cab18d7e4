// libFuzzer target: Stanford PLY (ASCII, binary) as a mesh and as a point cloud (solvers/mesh/ply_format.cpp).
// The body is monge::fuzz::ply in fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  monge::fuzz::ply(monge::fuzz::text_of(data, size));
  return 0;
}
