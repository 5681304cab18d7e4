#include "render/gl/readback.hpp"

#include <cstring>

#include "render/gl/gl.hpp"

namespace monge {

AsyncReadback::AsyncReadback(int width, int height, int slots) : width_(width), height_(height), buffers_(slots) {
  glGenBuffers(slots, buffers_.data());
  const auto bytes = static_cast<GLsizeiptr>(width) * height * 4;
  for (unsigned int b : buffers_) {
    glBindBuffer(GL_PIXEL_PACK_BUFFER, b);
    glBufferData(GL_PIXEL_PACK_BUFFER, bytes, nullptr, GL_STREAM_READ);
  }
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  gl::check("creating pixel buffers for readback");
}

AsyncReadback::~AsyncReadback() { glDeleteBuffers(static_cast<GLsizei>(buffers_.size()), buffers_.data()); }

bool AsyncReadback::request(Image& ready) {
  bool collected = false;
  if (pending_ == buffers_.size()) collected = collect(ready);
  const std::size_t slot = (head_ + pending_) % buffers_.size();
  glBindBuffer(GL_PIXEL_PACK_BUFFER, buffers_[slot]);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);  // into the PBO: no wait
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  ++pending_;
  return collected;
}

bool AsyncReadback::collect(Image& out) {
  if (pending_ == 0) return false;
  glBindBuffer(GL_PIXEL_PACK_BUFFER, buffers_[head_]);
  const auto* src = static_cast<const std::uint8_t*>(glMapBuffer(GL_PIXEL_PACK_BUFFER, GL_READ_ONLY));
  out.width = width_;
  out.height = height_;
  out.rgba.resize(static_cast<std::size_t>(width_) * height_ * 4);
  if (src) {
    // GL rows are bottom-up; images are top-down.
    const std::size_t row = static_cast<std::size_t>(width_) * 4;
    for (int y = 0; y < height_; ++y) std::memcpy(out.rgba.data() + y * row, src + (height_ - 1 - y) * row, row);
  }
  glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  head_ = (head_ + 1) % buffers_.size();
  --pending_;
  gl::check("reading pixels back");
  return src != nullptr;
}

}  // namespace monge
