#include "render/gl/splat_layer.hpp"

#include <algorithm>

#include "render/gl/gl.hpp"
#include "render/gl/layer_compositor.hpp"

namespace monge {

SplatLayer::SplatLayer() : compositor_(std::make_unique<LayerCompositor>()) { glGenTextures(1, &texture_); }

SplatLayer::~SplatLayer() { glDeleteTextures(1, &texture_); }

void SplatLayer::draw(const float* positions, int n, int dim, const float* scalars, const PointStyle& style,
                      const Camera& camera, const Viewport& vp, float max_sprite) {
  if (n <= 0 || vp.width <= 0 || vp.height <= 0) return;
  const std::size_t bytes = static_cast<std::size_t>(vp.width) * vp.height * 4;
  pixels_.assign(bytes, 0);  // transparent: the splat leaves premultiplied colour and coverage
  SplatView view;
  view.view_projection = camera.view_projection(vp);
  view.world_per_pixel = camera.world_per_pixel(vp);
  view.max_sprite = max_sprite;
  view.width = vp.width;
  view.height = vp.height;
  splatter_.splat(positions, n, dim, scalars, style, view, pixels_.data());

  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (vp.width != width_ || vp.height != height_) {
    width_ = vp.width;
    height_ = vp.height;
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_, height_, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels_.data());
    // No mipmaps: the default minifying filter would leave the texture incomplete.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels_.data());
  }
  compositor_->composite(texture_);
}

}  // namespace monge
