#pragma once
// An offscreen OpenGL 4.5 core context through EGL, with no window system: Mesa's surfaceless
// platform (llvmpipe on CPU-only servers), NVIDIA's EGL device platform, or the default display.
// Rendering goes into a Framebuffer (render/framebuffer.hpp).
#include <memory>
#include <string>

namespace monge {

class EglContext {
 public:
  // Creates the context and makes it current on this thread. Throws std::runtime_error with
  // the platforms tried and why each failed.
  EglContext();
  ~EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;

  // "surfaceless", "device" or "default", and the GL_RENDERER string.
  const std::string& platform() const { return platform_; }
  std::string renderer() const;

 private:
  void* display_ = nullptr;
  void* context_ = nullptr;
  std::string platform_;
};

}  // namespace monge
