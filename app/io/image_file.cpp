#include "app/io/image_file.hpp"

#include <stb_image.h>

#include <climits>
#include <memory>

#include "app/io/input_bytes.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {

// stb_image 2.27 (Debian 12's libstb) reads the numbers of a binary PNM header (P5, P6: width,
// height, maximum value) into an int without checking for overflow: undefined behaviour, found by
// tests/fuzz/fuzz_image. Numbers of more than 9 digits are refused here first. The header skips
// whitespace and '#' comments as stb's does.
void check_pnm_header(std::string_view bytes, const std::string& name) {
  if (bytes.size() < 2 || bytes[0] != 'P' || (bytes[1] != '5' && bytes[1] != '6')) return;
  std::size_t i = 2;
  for (int number = 0; number < 3; ++number) {
    while (i < bytes.size()) {
      const char c = bytes[i];
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        ++i;
      } else if (c == '#') {
        while (i < bytes.size() && bytes[i] != '\n' && bytes[i] != '\r') ++i;
      } else {
        break;
      }
    }
    std::size_t digits = 0;
    for (; i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9'; ++i) ++digits;
    if (digits > 9) throw InputError(name + ": cannot decode image (a PNM header number of " + std::to_string(digits) + " digits)");
    if (digits == 0) return;  // malformed: stb_image says so
  }
}

}  // namespace

GrayImage load_gray_image(const std::filesystem::path& path) {
  if (is_stdin_path(path)) throw InputError("-: an image is read from a file, not standard input");
  const InputBytes in = read_input(path);
  return decode_gray_image(in.bytes, in.label);
}

GrayImage decode_gray_image(std::string_view bytes, const std::string& name) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) throw InputError(name + ": larger than 2 GB, too large an image");
  check_pnm_header(bytes, name);
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
