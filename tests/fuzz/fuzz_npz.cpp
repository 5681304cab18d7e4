// libFuzzer target: .npz archives: zip reader, inflate, CRC and the arrays inside (app/io/zip_archive.cpp).
// The body is monge::fuzz::npz in fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  monge::fuzz::npz(monge::fuzz::text_of(data, size));
  return 0;
}
