#include "render/gl/frame.hpp"

#include <string>

#include "render/gl/gl.hpp"

namespace monge::frame {

void bind_window(int width, int height) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width, height);
}

void set_region(int x, int y, int width, int height) {
  glEnable(GL_SCISSOR_TEST);
  glViewport(x, y, width, height);
  glScissor(x, y, width, height);
}

void clear_region(int width, int height) {
  glDisable(GL_SCISSOR_TEST);
  glViewport(0, 0, width, height);
}

void clear(const std::array<float, 3>& rgb, float alpha) {
  glClearColor(rgb[0], rgb[1], rgb[2], alpha);
  glClearDepth(1.0);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void finish(const char* what) {
  glFinish();
  gl::check(what);
}

bool software_rasteriser() {
  const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  if (!name) return false;
  const std::string renderer(name);
  return renderer.find("llvmpipe") != std::string::npos || renderer.find("softpipe") != std::string::npos;
}

}  // namespace monge::frame
