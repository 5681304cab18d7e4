// libFuzzer target: Scene files (app/scene): JSON text, fields, sampled measures.
// The body is monge::fuzz::scene in fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  monge::fuzz::scene(monge::fuzz::text_of(data, size));
  return 0;
}
