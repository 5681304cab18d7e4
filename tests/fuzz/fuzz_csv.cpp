// libFuzzer target: CSV, TSV and whitespace text as points (app/io/csv_table.cpp).
// The body is monge::fuzz::csv in fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  monge::fuzz::csv(monge::fuzz::text_of(data, size));
  return 0;
}
