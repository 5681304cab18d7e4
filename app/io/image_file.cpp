#include "app/io/image_file.hpp"

#include <stb_image.h>

#include <memory>
#include <system_error>

#include "base/errors.hpp"

namespace monge {

GrayImage load_gray_image(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(name + ": no such image file");
  int width = 0, height = 0, channels = 0;
  // Size first (the header only): a 20000 x 20000 image took minutes to decode and sample, with
  // no word on why. An image measure needs no more pixels than this to place 50M points.
  constexpr long long kMaxPixels = 8192LL * 8192;
  if (stbi_info(name.c_str(), &width, &height, &channels) && static_cast<long long>(width) * height > kMaxPixels)
    throw InputError(name + ": " + std::to_string(width) + " x " + std::to_string(height) +
                     " pixels; image measures take at most 8192 x 8192 (67 million) pixels: downscale the image");
  // Grey + alpha (2 channels), so that transparency can be treated as white paper.
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(name.c_str(), &width, &height, &channels, 2),
                                                   stbi_image_free);
  if (!pixels) {
    const char* why = stbi_failure_reason();
    throw InputError(name + ": cannot decode image (" + (why ? why : "unknown reason") + ")");
  }
  GrayImage image;
  image.width = width;
  image.height = height;
  const std::size_t n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  image.values.resize(n);
  for (std::size_t p = 0; p < n; ++p) {
    const float grey = pixels.get()[2 * p] / 255.0f, alpha = pixels.get()[2 * p + 1] / 255.0f;
    image.values[p] = alpha * grey + (1.0f - alpha);
  }
  return image;
}

}  // namespace monge
