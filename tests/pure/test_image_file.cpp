// Image loading for image measures (app/io/image_file.hpp): grey levels, transparency as white
// paper, errors that name the file. Fixture tests/data/io/rgba.png comes from generate_io.py.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "app/io/image_file.hpp"
#include "base/errors.hpp"
#include "tests/common/input_errors.hpp"

using namespace monge;
namespace fs = std::filesystem;

TEST(ImageFile, GreyLevelsWithTransparencyAsWhite) {
  const GrayImage im = load_gray_image(fs::path(MONGE_TEST_DATA) / "io" / "rgba.png");
  ASSERT_EQ(im.width, 3);
  ASSERT_EQ(im.height, 2);
  ASSERT_EQ(im.values.size(), 6u);
  EXPECT_FLOAT_EQ(im.values[0], 0.0f);                       // opaque black
  EXPECT_FLOAT_EQ(im.values[1], 1.0f);                       // transparent: white paper
  EXPECT_NEAR(im.values[2], 76.0 / 255, 1.0 / 255);          // red: Rec. 601 luma 0.299 (stb's integer weights)
  EXPECT_NEAR(im.values[3], 1.0 - 128.0 / 255, 1e-6);        // half-transparent black
  EXPECT_FLOAT_EQ(im.values[4], 1.0f);                       // white
  EXPECT_NEAR(im.values[5], 128.0 / 255, 1e-6);              // grey
}

TEST(ImageFile, ShippedAssetsAreDarkShapesOnWhite) {
  for (const char* name : {"star.png", "heart.png", "cat.png", "ot.png"}) {
    SCOPED_TRACE(name);
    const fs::path p = fs::path(MONGE_SOURCE_DIR) / "assets" / "images" / name;
    const GrayImage im = load_gray_image(p);
    EXPECT_GE(im.width, 64);
    EXPECT_EQ(im.values.front(), 1.0f);  // white corner
    double ink = 0;
    for (float v : im.values) ink += 1.0 - v;
    const double fraction = ink / static_cast<double>(im.values.size());
    EXPECT_GT(fraction, 0.1);
    EXPECT_LT(fraction, 0.7);
    EXPECT_LT(fs::file_size(p), 100u * 1024);
  }
}

TEST(ImageFile, ErrorsNameTheFile) {
  const fs::path dir = fs::temp_directory_path() / ("monge_test_image_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "junk.png") << "not an image at all";
  try {
    load_gray_image(dir / "junk.png");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("junk.png: not a PNG or JPEG image (it starts with 'not an i'...)"),
              std::string::npos) << e.what();
  }
  // A PNG signature with nothing after it: libpng's reason.
  EXPECT_ERROR_CONTAINS(decode_gray_image("\x89PNG\r\n\x1a\n", "cut.png"), "cut.png: cannot decode PNG (");
  try {
    load_gray_image(dir / "missing.png");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.png: cannot open (No such file or directory)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_gray_image(dir), InputError);
}

TEST(ImageFile, HugeImagesAreRefusedFromTheirHeader) {
  // A PNG signature and IHDR chunk announcing 10000 x 10000 RGBA pixels (400 MB decoded), no data:
  // refused from the header, before the decoder allocates anything.
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\x0dIHDR", 8);
  for (int side = 0; side < 2; ++side) png += std::string("\0\0\x27\x10", 4);  // 10000, big-endian
  png += std::string("\x08\x06\0\0\0", 5) + "\xba\x4e\x62\x27";  // the chunk's CRC-32
  png += std::string("\0\0\0\0IDAT\x35\xaf\x06\x1e", 12);        // an empty IDAT: the header ends here
  try {
    decode_gray_image(png, "huge.png");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "huge.png: 10000 x 10000 pixels, more than the 67 million an image measure decodes (resize it)");
  }
}

TEST(ImageFile, FuzzFindingsInStbImageNoLongerReachIt) {
  // Found by tests/fuzz/fuzz_image in stb_image 2.27 (which decoded images before): an int
  // overflow in its PNM header parser (UBSan), a heap overflow on 16-bit PNM (ASan), a write past
  // its JPEG Huffman table (UBSan). PNM is no image measure format; JPEG goes to libjpeg-turbo.
  const fs::path dir = fs::path(MONGE_SOURCE_DIR) / "tests/fuzz/regressions/image";
  const auto bytes = [&](const char* name) {
    std::ifstream in(dir / name, std::ios::binary);
    return std::string{std::istreambuf_iterator<char>(in), {}};
  };
  for (const char* name : {"ubsan-pnm-height-overflow.pgm", "asan-pnm-16-bit-overflow.pgm"})
    EXPECT_ERROR_CONTAINS(decode_gray_image(bytes(name), "o.pgm"), "o.pgm: not a PNG or JPEG image (it starts with 'P5");
  EXPECT_ERROR_CONTAINS(decode_gray_image(bytes("ubsan-jpeg-huffman-table-overflow.jpg"), "h.jpg"), "h.jpg: cannot decode JPEG (");
  EXPECT_ERROR_CONTAINS(decode_gray_image("#?RADIANCE\n", "x.hdr"), "x.hdr: not a PNG or JPEG image (it starts with '#?RADIAN'...)");
}
