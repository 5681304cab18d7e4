#pragma once
// GLSL programs built from the shader files embedded at build time (shaders/*.vert, *.frag).
#include <string>
#include <string_view>

#include "render/gl/gl.hpp"

namespace monge {

// Text of an embedded shader file, e.g. shader_source("points.vert"). Generated at build time.
std::string_view shader_source(std::string_view name);

// A linked program; compile and link errors throw with the file name and the driver's log.
class ShaderProgram {
 public:
  ShaderProgram() = default;
  ShaderProgram(std::string_view vertex_file, std::string_view fragment_file);
  ~ShaderProgram();
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;
  ShaderProgram(ShaderProgram&& other) noexcept;
  ShaderProgram& operator=(ShaderProgram&& other) noexcept;

  GLuint id() const { return program_; }
  void use() const { glUseProgram(program_); }
  GLint uniform(const char* name) const { return glGetUniformLocation(program_, name); }

 private:
  GLuint program_ = 0;
};

}  // namespace monge
