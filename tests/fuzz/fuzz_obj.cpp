// libFuzzer target: Wavefront OBJ as a mesh and as a point cloud (solvers/mesh/obj_format.cpp).
// The body is monge::fuzz::obj in fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  monge::fuzz::obj(monge::fuzz::text_of(data, size));
  return 0;
}
