// libFuzzer target: Images for image measures: libpng / libjpeg-turbo behind decode_gray_image (app/io/image_file.cpp).
// The body is monge::fuzz::image in fuzz_targets.hpp.
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  monge::fuzz::image(monge::fuzz::text_of(data, size));
  return 0;
}
