#pragma once
// An offscreen render target (RGBA8 colour texture + depth), and reading pixels back.
#include <cstdint>
#include <vector>

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
  unsigned int id() const { return fbo_; }
  unsigned int color_texture() const { return color_; }

 private:
  void allocate();
  void release();
  int width_ = 0, height_ = 0;
  unsigned int fbo_ = 0, color_ = 0, depth_ = 0;  // GL names
};

// Read the bound framebuffer's (0, 0, width, height) region into `out`, rows top-down.
void read_pixels(int width, int height, Image& out);

}  // namespace monge
