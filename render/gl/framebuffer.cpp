#include "render/gl/framebuffer.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include "render/gl/gl.hpp"

namespace monge {

Framebuffer::Framebuffer(int width, int height) : width_(width), height_(height) { allocate(); }

Framebuffer::~Framebuffer() { release(); }

void Framebuffer::allocate() {
  if (width_ < 1 || height_ < 1 || width_ > 16384 || height_ > 16384)
    throw std::runtime_error("framebuffer size " + std::to_string(width_) + "x" + std::to_string(height_) +
                             " out of range (1..16384)");
  glGenFramebuffers(1, &fbo_);
  glGenTextures(1, &color_);
  glBindTexture(GL_TEXTURE_2D, color_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_, height_, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glGenRenderbuffers(1, &depth_);
  glBindRenderbuffer(GL_RENDERBUFFER, depth_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width_, height_);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_, 0);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth_);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    release();
    throw std::runtime_error("offscreen framebuffer incomplete (status " + std::to_string(status) + ")");
  }
}

void Framebuffer::release() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (color_) glDeleteTextures(1, &color_);
  if (depth_) glDeleteRenderbuffers(1, &depth_);
  fbo_ = color_ = depth_ = 0;
}

void Framebuffer::resize(int width, int height) {
  if (width == width_ && height == height_) return;
  release();
  width_ = width;
  height_ = height;
  allocate();
}

void Framebuffer::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, width_, height_);
}

void read_pixels(int width, int height, Image& out) {
  out.width = width;
  out.height = height;
  out.rgba.resize(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, out.rgba.data());
  // GL rows run bottom-up; image files run top-down.
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  std::vector<std::uint8_t> tmp(row);
  for (int y = 0; y < height / 2; ++y) {
    std::uint8_t* a = out.rgba.data() + y * row;
    std::uint8_t* b = out.rgba.data() + (height - 1 - y) * row;
    std::memcpy(tmp.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, tmp.data(), row);
  }
}

}  // namespace monge
