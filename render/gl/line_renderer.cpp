#include "render/gl/line_renderer.hpp"

#include <algorithm>
#include <cstddef>
#include <glm/gtc/type_ptr.hpp>

#include "render/gl/gl.hpp"
#include "render/gl/shader.hpp"

namespace monge {

LineRenderer::LineRenderer() : program_(std::make_unique<ShaderProgram>("lines.vert", "lines.frag")) {
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(LineVertex), reinterpret_cast<void*>(offsetof(LineVertex, position)));
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, sizeof(LineVertex), reinterpret_cast<void*>(offsetof(LineVertex, color)));
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glBindVertexArray(0);
}

LineRenderer::~LineRenderer() {
  glDeleteBuffers(1, &vbo_);
  glDeleteVertexArrays(1, &vao_);
}

void LineRenderer::draw(const std::vector<LineVertex>& segments, const Camera& camera, const Viewport& vp,
                        float width_px) {
  if (segments.size() < 2) return;
  const std::size_t bytes = segments.size() * sizeof(LineVertex);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  if (bytes > capacity_) {
    capacity_ = std::max(bytes, capacity_ + capacity_ / 2);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(capacity_), nullptr, GL_DYNAMIC_DRAW);
  }
  glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), segments.data());
  program_->use();
  glUniformMatrix4fv(program_->uniform("u_view_proj"), 1, GL_FALSE, glm::value_ptr(camera.view_projection(vp)));
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  if (camera.mode == ViewMode::Orbit3D) glEnable(GL_DEPTH_TEST); else glDisable(GL_DEPTH_TEST);
  glLineWidth(std::max(1.0f, width_px));  // core profile guarantees width 1; wider is best effort
  glBindVertexArray(vao_);
  glDrawArrays(GL_LINES, 0, static_cast<GLsizei>(segments.size() & ~std::size_t(1)));
  glBindVertexArray(0);
}

}  // namespace monge
