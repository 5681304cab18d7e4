#pragma once
// RGBA8 images in memory, PNG files, and the image comparison the golden-image tests use.
// No GL here.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace monge {

// RGBA8 pixels, rows top-down (as image files store them), width*height*4 bytes.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;
  // The 4 bytes of pixel (x, y), y from the top.
  const std::uint8_t* pixel(int x, int y) const { return &rgba[4 * (static_cast<std::size_t>(y) * width + x)]; }
};

// Write a PNG atomically: to a temporary name beside `path`, renamed when complete, so a full
// disk never leaves a corrupt file. Throws OutputError naming the path and the OS reason.
// With `keep_alpha` false the alpha channel is dropped (RGB PNG).
void write_png(const std::filesystem::path& path, const Image& image, bool keep_alpha = true);
// The PNG file's bytes, for writers that place them themselves (a PNG sequence, an export
// folder). Throws OutputError naming `path` (the file they are meant for) for an empty image.
std::string encode_png(const Image& image, bool keep_alpha, const std::filesystem::path& path);
// Read a PNG (or any format stb_image decodes) as RGBA8, for the tests' goldens and screenshots
// (files monge wrote itself). User images go through app/io/image_file (libpng / libjpeg-turbo).
// Throws InputError naming the file.
Image read_image(const std::filesystem::path& path);

struct ImageDifference {
  bool same_size = false;
  double mean_abs = 0.0;         // mean absolute difference per channel, in [0, 255]
  double fraction_over = 0.0;    // fraction of pixels whose largest channel difference exceeds the threshold
  int max_abs = 0;               // largest channel difference
};
// Compare two images; `threshold` is the per-channel difference a pixel may have and still count as equal.
ImageDifference compare_images(const Image& a, const Image& b, int threshold);

}  // namespace monge
