#include "render/image.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace monge {

std::string encode_png(const Image& image, bool keep_alpha, const std::filesystem::path& path) {
  if (image.width < 1 || image.height < 1 ||
      image.rgba.size() != static_cast<std::size_t>(image.width) * image.height * 4)
    throw OutputError("cannot write " + path.string() + ": empty or inconsistent image");
  std::vector<std::uint8_t> rgb;
  const std::uint8_t* data = image.rgba.data();
  int channels = 4;
  if (!keep_alpha) {
    rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
    for (std::size_t i = 0, n = rgb.size() / 3; i < n; ++i)
      for (int c = 0; c < 3; ++c) rgb[3 * i + c] = image.rgba[4 * i + c];
    data = rgb.data();
    channels = 3;
  }
  std::string png;
  auto append = [](void* context, void* bytes, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &png, image.width, image.height, channels, data, image.width * channels))
    throw OutputError("cannot write " + path.string() + ": PNG encoding failed");
  return png;
}

void write_png(const std::filesystem::path& path, const Image& image, bool keep_alpha) {
  // Encoded in memory, then written whole (base/atomic_file.hpp).
  write_file_atomically(path, encode_png(image, keep_alpha, path));
}

Image read_image(const std::filesystem::path& path) {
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &channels, 4);
  if (!pixels) {
    const char* why = stbi_failure_reason();
    throw InputError(path.string() + ": cannot decode image (" + (why ? why : "unknown reason") + ")");
  }
  Image image{w, h, std::vector<std::uint8_t>(pixels, pixels + static_cast<std::size_t>(w) * h * 4)};
  stbi_image_free(pixels);
  return image;
}

ImageDifference compare_images(const Image& a, const Image& b, int threshold) {
  ImageDifference d;
  d.same_size = a.width == b.width && a.height == b.height && a.rgba.size() == b.rgba.size();
  if (!d.same_size || a.rgba.empty()) return d;
  std::size_t over = 0;
  double total = 0.0;
  const std::size_t pixels = a.rgba.size() / 4;
  for (std::size_t p = 0; p < pixels; ++p) {
    int worst = 0;
    for (int c = 0; c < 4; ++c) {
      const int diff = std::abs(int(a.rgba[4 * p + c]) - int(b.rgba[4 * p + c]));
      worst = std::max(worst, diff);
      total += diff;
    }
    d.max_abs = std::max(d.max_abs, worst);
    over += worst > threshold;
  }
  d.mean_abs = total / static_cast<double>(a.rgba.size());
  d.fraction_over = static_cast<double>(over) / static_cast<double>(pixels);
  return d;
}

}  // namespace monge
