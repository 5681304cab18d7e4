#pragma once
// Images for `image` measures: PNG (libpng) and JPEG (libjpeg-turbo), told by their magic, as
// grey levels.
#include <filesystem>
#include <string>
#include <string_view>

#include "solvers/common/shapes.hpp"

namespace monge {

// The most pixels an image measure decodes (8192 x 8192): larger images cost seconds and
// gigabytes to sample from while a resized copy gives the same measure.
constexpr long long kMaxImagePixels = 8192LL * 8192LL;

// The image as grey levels in [0, 1] (0 black), row 0 at the top. Colour becomes luminance
// (Rec. 601 weights, as stb_image made it); transparent pixels are composited onto white, so they
// carry no mass. Throws InputError naming the file if it is missing, too large, in another format
// or does not decode.
GrayImage load_gray_image(const std::filesystem::path& path);
// The same on a file's bytes (the fuzz target uses it); `name` names it in errors.
GrayImage decode_gray_image(std::string_view bytes, const std::string& name);

}  // namespace monge
