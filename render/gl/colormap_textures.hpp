#pragma once
// The colormap tables (render/colormap.hpp) as 1D RGB float textures, one per Colormap, for the
// shaders that colour a scalar: sampled with linear filtering, clamped at both ends.
#include "render/colormap.hpp"

namespace monge {

class ColormapTextures {
 public:
  ColormapTextures();  // needs a current GL context
  ~ColormapTextures();
  ColormapTextures(const ColormapTextures&) = delete;
  ColormapTextures& operator=(const ColormapTextures&) = delete;

  // Bind `map`'s texture to texture unit `unit` (GL_TEXTURE_1D).
  void bind(Colormap map, int unit) const;

 private:
  unsigned int textures_[kColormapCount] = {};  // GL names
};

}  // namespace monge
