#pragma once
// Asynchronous pixel readback through a ring of pixel buffer objects: glReadPixels into a PBO
// returns at once, and the pixels are mapped a frame or two later, so reading back never stalls
// the render loop. Frames come out in the order they were requested.
#include <cstddef>
#include <vector>

#include "render/image.hpp"

namespace monge {

class AsyncReadback {
 public:
  // `slots` frames may be in flight (2-4 is plenty).
  AsyncReadback(int width, int height, int slots = 3);
  ~AsyncReadback();
  AsyncReadback(const AsyncReadback&) = delete;
  AsyncReadback& operator=(const AsyncReadback&) = delete;

  // Start reading the bound framebuffer's pixels. If every slot is busy, the oldest frame is
  // collected first into `ready` (returns true then).
  bool request(Image& ready);
  // Collect the oldest pending frame, if any (rows top-down). Blocks until it is available.
  bool collect(Image& out);
  std::size_t pending() const { return pending_; }

 private:
  int width_, height_;
  std::vector<unsigned int> buffers_;  // GL buffer names
  std::size_t head_ = 0, pending_ = 0;
};

}  // namespace monge
