// stb_image compiled into the fuzz targets from Debian's header (libstb-dev), so that libFuzzer
// sees its coverage and ASan/UBSan check it: Debian's prebuilt libstb.so is neither. The main
// build links that library; this file is only in tests/fuzz/CMakeLists.txt.
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
