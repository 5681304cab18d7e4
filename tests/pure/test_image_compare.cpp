// PNG round trip and the image comparison the golden-image tests rely on.
#include <gtest/gtest.h>

#include <filesystem>

#include "render/image.hpp"
#include "base/errors.hpp"
#include "tests/common/temp_files.hpp"

using namespace monge;

namespace {
Image gradient(int w, int h) {
  Image im{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 4)};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      auto* p = &im.rgba[4 * (static_cast<std::size_t>(y) * w + x)];
      p[0] = static_cast<std::uint8_t>(x * 255 / (w - 1));
      p[1] = static_cast<std::uint8_t>(y * 255 / (h - 1));
      p[2] = 77;
      p[3] = 255;
    }
  return im;
}
}  // namespace

TEST(Image, PngRoundTripIsExactAndLeavesNoTemporaryFile) {
  const auto dir = test::process_scratch_dir("image");
  const Image a = gradient(37, 23);
  write_png(dir / "a.png", a);
  const Image b = read_image(dir / "a.png");
  EXPECT_EQ(b.width, 37);
  EXPECT_EQ(b.height, 23);
  EXPECT_EQ(a.rgba, b.rgba);
  EXPECT_FALSE(monge::test::has_temporary_files(dir));
  std::filesystem::remove_all(dir);
}

TEST(Image, WriteToMissingFolderThrowsNamingThePath) {
  try {
    write_png("/nonexistent-folder/x.png", gradient(4, 4));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/x.png"), std::string::npos);
  }
}

TEST(Image, UndecodableFileIsAnInputError) {
  const auto path = test::process_scratch_dir("image") / "not_an_image.png";
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fputs("this is not a PNG", f);
  std::fclose(f);
  EXPECT_THROW(read_image(path), InputError);
  std::filesystem::remove(path);
}

TEST(Image, CompareCountsPixelsOverThreshold) {
  const Image a = gradient(10, 10);
  Image b = a;
  EXPECT_EQ(compare_images(a, b, 0).fraction_over, 0.0);
  b.rgba[0] += 10;   // one pixel off by 10
  b.rgba[4] += 3;    // one pixel off by 3
  const ImageDifference d = compare_images(a, b, 5);
  EXPECT_TRUE(d.same_size);
  EXPECT_DOUBLE_EQ(d.fraction_over, 0.01);
  EXPECT_EQ(d.max_abs, 10);
  EXPECT_FALSE(compare_images(a, gradient(10, 11), 5).same_size);
}
