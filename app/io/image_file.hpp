#pragma once
// Images for `image` measures: PNG, JPEG and whatever else stb_image decodes, as grey levels.
#include <filesystem>

#include "solvers/common/shapes.hpp"

namespace monge {

// The image as grey levels in [0, 1] (0 black), row 0 at the top. Colour becomes luminance
// (Rec. 601 weights, as stb_image does); transparent pixels are composited onto white, so they
// carry no mass. Throws InputError naming the file if it is missing or does not decode.
GrayImage load_gray_image(const std::filesystem::path& path);

}  // namespace monge
