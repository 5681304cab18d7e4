#pragma once
// Golden-image checks for the render tests: a rendered image against tests/golden/NAME with the
// tolerance every render test uses (software rasterisers differ by a few levels at edges). On a
// mismatch the message gives the fraction of differing pixels, the largest and the mean channel
// error, and the actual image and a difference image are written to the temporary folder.
// MONGE_UPDATE_GOLDEN=1 rewrites the golden image instead (and skips the test).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "render/image.hpp"

namespace monge::test {

constexpr int kThreshold = 24;               // a channel may differ by this much and still count as equal
constexpr double kMaxFractionOver = 0.005;   // the fraction of pixels allowed to differ more

// The largest channel difference between two images (256 if their sizes differ).
inline int max_channel_difference(const Image& a, const Image& b) {
  const ImageDifference d = compare_images(a, b, 255);
  return d.same_size ? d.max_abs : 256;
}

// |a - b| per channel, scaled 4x so small differences show, alpha opaque.
inline Image difference_image(const Image& a, const Image& b) {
  Image d{a.width, a.height, std::vector<std::uint8_t>(a.rgba.size(), 255)};
  for (std::size_t k = 0; k < a.rgba.size(); ++k)
    if (k % 4 != 3) d.rgba[k] = static_cast<std::uint8_t>(std::min(255, 4 * std::abs(int(a.rgba[k]) - int(b.rgba[k]))));
  return d;
}

inline void expect_matches_golden(const Image& image, const std::string& name) {
  const auto path = std::filesystem::path(MONGE_SOURCE_DIR) / "tests" / "golden" / name;
  if (std::getenv("MONGE_UPDATE_GOLDEN")) {
    write_png(path, image);
    GTEST_SKIP() << "golden image rewritten: " << path;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << "missing golden image " << path << " (run with MONGE_UPDATE_GOLDEN=1)";
  const Image golden = read_image(path);
  const ImageDifference d = compare_images(image, golden, kThreshold);
  ASSERT_TRUE(d.same_size) << name << ": " << image.width << "x" << image.height << " against " << golden.width << "x"
                           << golden.height;
  EXPECT_LE(d.fraction_over, kMaxFractionOver) << name << ": " << d.fraction_over * 100 << "% of pixels differ by more than "
                                               << kThreshold << ", max " << d.max_abs << ", mean " << d.mean_abs;
  if (d.fraction_over > kMaxFractionOver) {
    const auto dir = std::filesystem::temp_directory_path();
    write_png(dir / ("actual-" + name), image);
    write_png(dir / ("diff-" + name), difference_image(image, golden));
  }
}

}  // namespace monge::test
