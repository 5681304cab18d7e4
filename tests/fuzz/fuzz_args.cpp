// libFuzzer target: The command-line parser (app/cli/args.cpp), argv NUL-separated.
// The body is monge::fuzz::args in fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  monge::fuzz::args(monge::fuzz::text_of(data, size));
  return 0;
}
