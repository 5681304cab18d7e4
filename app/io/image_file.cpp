#include "app/io/image_file.hpp"

#include <stb_image.h>

#include <climits>
#include <memory>

#include "app/io/input_bytes.hpp"
#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"

namespace monge {
namespace {

// The formats image measures read, by magic: those whose stb_image decoders tests/fuzz/fuzz_image
// runs clean. stb_image 2.27 (Debian 12's libstb) also decodes PNM, PSD, HDR, PIC and TGA, but
// fuzzing found its PNM reader overflowing an int on header numbers (UBSan) and then writing past
// a heap buffer on 16-bit images (ASan; CVE-2021-42716): a file in those formats is refused before
// stb sees it.
const char* image_format(std::string_view bytes) {
  if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "PNG";
  if (bytes.substr(0, 3) == std::string_view("\xff\xd8\xff", 3)) return "JPEG";
  if (bytes.substr(0, 6) == "GIF87a" || bytes.substr(0, 6) == "GIF89a") return "GIF";
  if (bytes.substr(0, 2) == "BM") return "BMP";
  return nullptr;
}

}  // namespace

GrayImage load_gray_image(const std::filesystem::path& path) {
  if (is_stdin_path(path)) throw InputError("-: an image is read from a file, not standard input");
  const InputBytes in = read_input(path);
  return decode_gray_image(in.bytes, in.label);
}

GrayImage decode_gray_image(std::string_view bytes, const std::string& name) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) throw InputError(name + ": larger than 2 GB, too large an image");
  if (!image_format(bytes))
    throw InputError(name + ": not a PNG, JPEG, GIF or BMP image (it starts with " + quote_bytes(bytes, 8) + ")");
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int size = static_cast<int>(bytes.size());
  int width = 0, height = 0, channels = 0;
  // The size first, from the header: a huge image is refused before stb allocates its pixels.
  if (stbi_info_from_memory(data, size, &width, &height, &channels) &&
      static_cast<long long>(width) * height > kMaxImagePixels)
    throw InputError(name + ": " + std::to_string(width) + " x " + std::to_string(height) + " pixels, more than the " +
                     std::to_string(kMaxImagePixels / 1'000'000) + " million an image measure decodes (resize it)");
  // Grey + alpha (2 channels), so that transparency can be treated as white paper.
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(data, size, &width, &height, &channels, 2),
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
