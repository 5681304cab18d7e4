#include "render/gl/egl_context.hpp"

#include <epoxy/egl.h>

#include <stdexcept>
#include <vector>

#include "render/gl/gl.hpp"

namespace monge {
namespace {

bool has_extension(EGLDisplay display, const char* name) {
  const char* list = eglQueryString(display, EGL_EXTENSIONS);
  if (!list) return false;
  const std::string all = std::string(" ") + list + " ";
  return all.find(std::string(" ") + name + " ") != std::string::npos;
}

// Try to initialise `display` and create a 4.5 core context on it; empty string on success,
// else the reason.
std::string try_context(EGLDisplay display, EGLContext& out) {
  if (display == EGL_NO_DISPLAY) return "no display";
  EGLint major = 0, minor = 0;
  if (!eglInitialize(display, &major, &minor)) return "eglInitialize failed";
  if (!eglBindAPI(EGL_OPENGL_API)) return "no desktop OpenGL API";
  EGLConfig config = EGL_NO_CONFIG_KHR;
  if (!has_extension(display, "EGL_KHR_no_config_context")) {
    const EGLint attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    EGLint count = 0;
    if (!eglChooseConfig(display, attribs, &config, 1, &count) || count < 1) return "no OpenGL config";
  }
  const EGLint context_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 4, EGL_CONTEXT_MINOR_VERSION, 5,
                                    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                    EGL_NONE};
  out = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attribs);
  if (out == EGL_NO_CONTEXT) return "no OpenGL 4.5 core context";
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, out)) {
    eglDestroyContext(display, out);
    out = EGL_NO_CONTEXT;
    return "cannot make the context current without a surface";
  }
  return "";
}

}  // namespace

EglContext::EglContext() {
  std::string reasons;
  EGLContext context = EGL_NO_CONTEXT;
  auto attempt = [&](const char* name, EGLDisplay display) {
    if (context != EGL_NO_CONTEXT) return;
    const std::string why = try_context(display, context);
    if (why.empty()) {
      display_ = display;
      context_ = context;
      platform_ = name;
    } else {
      if (display != EGL_NO_DISPLAY) eglTerminate(display);
      reasons += std::string(reasons.empty() ? "" : "; ") + name + ": " + why;
    }
  };
  const bool client_ext = epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_base");
  if (client_ext && epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
    attempt("surfaceless", eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr));
  if (client_ext && epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_device")) {
    EGLDeviceEXT devices[8];
    EGLint count = 0;
    if (eglQueryDevicesEXT(8, devices, &count))
      for (EGLint i = 0; i < count; ++i)
        attempt("device", eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr));
  }
  attempt("default", eglGetDisplay(EGL_DEFAULT_DISPLAY));
  if (context == EGL_NO_CONTEXT)
    throw std::runtime_error("cannot create an offscreen OpenGL 4.5 context through EGL (" + reasons + ")");
}

EglContext::~EglContext() {
  const auto display = static_cast<EGLDisplay>(display_);
  eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(display, static_cast<EGLContext>(context_));
  eglTerminate(display);
}

std::string EglContext::renderer() const {
  const auto* s = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return s ? s : "unknown";
}

}  // namespace monge
