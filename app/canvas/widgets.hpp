#pragma once
// Small ImGui controls the layers' panels share.
#include "render/colormap.hpp"

namespace monge {

// A combo box of every colormap; true if the choice changed.
bool colormap_combo(const char* label, Colormap& colormap);

}  // namespace monge
