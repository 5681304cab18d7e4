#pragma once
// An offscreen render target (RGBA8 colour texture + depth), and reading pixels back.
#include <cstdint>
#include <vector>

#include "render/gl.hpp"
#include "render/image.hpp"

namespace monge {

class Framebuffer {
 public:
  Framebuffer(int width, int height);
  ~Framebuffer();
  Framebuffer(const Framebuffer&) = delete;
  Framebuffer& operator=(const Framebuffer&) = delete;

  // Resize (reallocating only when the size changes).
  void resize(int width, int height);
  // Bind for drawing and set the viewport to the whole target.
  void bind() const;
  int width() const { return width_; }
  int height() const { return height_; }
  GLuint id() const { return fbo_; }
  GLuint color_texture() const { return color_; }

 private:
  void allocate();
  void release();
  int width_ = 0, height_ = 0;
  GLuint fbo_ = 0, color_ = 0, depth_ = 0;
};

// Read the bound read framebuffer's (x, y, w, h) region into `out`, flipped top-down.
void read_pixels(int width, int height, Image& out);

}  // namespace monge
