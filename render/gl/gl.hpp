#pragma once
// THE OpenGL header of monge: the only place that includes the GL loader (epoxy).
// Do not include <epoxy/gl.h> or any GL header elsewhere; code outside render/ never sees GL.
#include <epoxy/gl.h>

#include <string>

namespace monge::gl {

// Throws std::runtime_error naming `what` if glGetError reports an error (drains the queue).
void check(const char* what);

}  // namespace monge::gl
