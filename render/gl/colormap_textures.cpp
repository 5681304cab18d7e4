#include "render/gl/colormap_textures.hpp"

#include "render/gl/gl.hpp"

namespace monge {

ColormapTextures::ColormapTextures() {
  glGenTextures(kColormapCount, textures_);
  for (int i = 0; i < kColormapCount; ++i) {
    glBindTexture(GL_TEXTURE_1D, textures_[i]);
    glTexImage1D(GL_TEXTURE_1D, 0, GL_RGB32F, kColormapSize, 0, GL_RGB, GL_FLOAT,
                 colormap_table(static_cast<Colormap>(i)));
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  }
  gl::check("creating the colormap textures");
}

ColormapTextures::~ColormapTextures() { glDeleteTextures(kColormapCount, textures_); }

void ColormapTextures::bind(Colormap map, int unit) const {
  glActiveTexture(GL_TEXTURE0 + unit);
  glBindTexture(GL_TEXTURE_1D, textures_[static_cast<int>(map)]);
}

}  // namespace monge
