// Image measures' pictures: PNG through libpng's simplified API, JPEG through libjpeg-turbo's
// TurboJPEG API, both Debian packages maintained for untrusted input (and fuzzed upstream, in
// OSS-Fuzz). stb_image 2.27, which decoded them before, is not safe on such input: fuzzing found
// a heap overflow in its 16-bit PNM reader (CVE-2021-42716), an int overflow in its PNM header and
// a write past a table in its JPEG Huffman setup (tests/fuzz/regressions/image/).
// Colour becomes grey as stb_image made it (Rec. 601: (77 r + 150 g + 29 b) / 256), so the
// measures of the shipped scenes are unchanged.
#include "app/io/image_file.hpp"

#include <png.h>
#include <turbojpeg.h>

#include <climits>
#include <memory>
#include <vector>

#include "app/io/input_bytes.hpp"
#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"

namespace monge {
namespace {

constexpr std::string_view kPngMagic{"\x89PNG\r\n\x1a\n", 8};
constexpr std::string_view kJpegMagic{"\xff\xd8\xff", 3};

void check_size(long long width, long long height, const std::string& name) {
  if (width * height > kMaxImagePixels)
    throw InputError(name + ": " + std::to_string(width) + " x " + std::to_string(height) + " pixels, more than the " +
                     std::to_string(kMaxImagePixels / 1'000'000) + " million an image measure decodes (resize it)");
}

// RGBA8 pixels (alpha 255 where the format has none) to grey levels, transparency as white paper.
GrayImage to_grey(const std::vector<unsigned char>& pixels, int channels, int width, int height) {
  GrayImage image;
  image.width = width;
  image.height = height;
  const std::size_t n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  image.values.resize(n);
  for (std::size_t p = 0; p < n; ++p) {
    const unsigned char* px = &pixels[channels * p];
    const int luma = (px[0] * 77 + px[1] * 150 + px[2] * 29) >> 8;
    const float grey = luma / 255.0f, alpha = channels == 4 ? px[3] / 255.0f : 1.0f;
    image.values[p] = alpha * grey + (1.0f - alpha);
  }
  return image;
}

GrayImage decode_png(std::string_view bytes, const std::string& name) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  // The simplified API owns its state; png_image_free releases it on every path.
  std::unique_ptr<png_image, void (*)(png_image*)> guard(&png, [](png_image* p) { png_image_free(p); });
  const auto failed = [&] { return InputError(name + ": cannot decode PNG (" + printable(png.message) + ")"); };
  if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size())) throw failed();
  check_size(png.width, png.height, name);
  png.format = PNG_FORMAT_RGBA;  // 8-bit sRGB, not premultiplied
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, pixels.data(), 0, nullptr)) throw failed();
  return to_grey(pixels, 4, static_cast<int>(png.width), static_cast<int>(png.height));
}

GrayImage decode_jpeg(std::string_view bytes, const std::string& name) {
  std::unique_ptr<void, int (*)(tjhandle)> handle(tjInitDecompress(), tjDestroy);
  if (!handle) throw InputError(name + ": cannot start the JPEG decoder");
  const auto failed = [&] { return InputError(name + ": cannot decode JPEG (" + printable(tjGetErrorStr2(handle.get())) + ")"); };
  auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto size = static_cast<unsigned long>(bytes.size());
  int width = 0, height = 0, subsampling = 0, colourspace = 0;
  if (tjDecompressHeader3(handle.get(), data, size, &width, &height, &subsampling, &colourspace) != 0) throw failed();
  check_size(width, height, name);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  // Warnings (corrupt data the decoder would paper over) are errors; progressive files with
  // absurdly many scans are refused rather than decoded for minutes.
  if (tjDecompress2(handle.get(), data, size, pixels.data(), width, 0, height, TJPF_RGB,
                    TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS) != 0)
    throw failed();
  return to_grey(pixels, 3, width, height);
}

}  // namespace

GrayImage load_gray_image(const std::filesystem::path& path) {
  if (is_stdin_path(path)) throw InputError("-: an image is read from a file, not standard input");
  const InputBytes in = read_input(path);
  return decode_gray_image(in.bytes, in.label);
}

GrayImage decode_gray_image(std::string_view bytes, const std::string& name) {
  if (bytes.substr(0, kPngMagic.size()) == kPngMagic) return decode_png(bytes, name);
  if (bytes.substr(0, kJpegMagic.size()) == kJpegMagic) return decode_jpeg(bytes, name);
  throw InputError(name + ": not a PNG or JPEG image (it starts with " + quote_bytes(bytes, 8) + ")");
}

}  // namespace monge
