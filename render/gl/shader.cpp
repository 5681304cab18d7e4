#include "render/gl/shader.hpp"

#include <stdexcept>
#include <utility>

namespace monge {

namespace gl {
void check(const char* what) {
  GLenum first = glGetError();
  if (first == GL_NO_ERROR) return;
  while (glGetError() != GL_NO_ERROR) {
  }
  throw std::runtime_error(std::string("OpenGL error 0x") + std::to_string(first) + " in " + what);
}
}  // namespace gl

namespace {

GLuint compile(GLenum kind, std::string_view file) {
  const std::string_view text = shader_source(file);
  const GLuint shader = glCreateShader(kind);
  const char* source = text.data();
  const GLint length = static_cast<GLint>(text.size());
  glShaderSource(shader, 1, &source, &length);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw std::runtime_error("shader " + std::string(file) + " does not compile: " + log);
  }
  return shader;
}

}  // namespace

ShaderProgram::ShaderProgram(std::string_view vertex_file, std::string_view fragment_file) {
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex_file);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_file);
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetProgramInfoLog(program_, sizeof log, nullptr, log);
    glDeleteProgram(program_);
    program_ = 0;
    throw std::runtime_error("shaders " + std::string(vertex_file) + " + " + std::string(fragment_file) +
                             " do not link: " + log);
  }
}

ShaderProgram::~ShaderProgram() {
  if (program_) glDeleteProgram(program_);
}

ShaderProgram::ShaderProgram(ShaderProgram&& other) noexcept : program_(std::exchange(other.program_, 0)) {}

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& other) noexcept {
  if (this != &other) {
    if (program_) glDeleteProgram(program_);
    program_ = std::exchange(other.program_, 0);
  }
  return *this;
}

}  // namespace monge
