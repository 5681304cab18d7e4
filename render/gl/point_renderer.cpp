#include "render/gl/point_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <glm/gtc/type_ptr.hpp>

#include "render/gl/gl.hpp"
#include "render/gl/shader.hpp"

namespace monge {

PointBuffer::PointBuffer() {
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &positions_);
  glGenBuffers(1, &scalars_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, scalars_);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, sizeof(float), nullptr);
  glBindVertexArray(0);
}

PointBuffer::~PointBuffer() {
  glDeleteBuffers(1, &positions_);
  glDeleteBuffers(1, &scalars_);
  glDeleteVertexArrays(1, &vao_);
}

void PointBuffer::ensure_capacity(unsigned int buffer, std::size_t& capacity, std::size_t bytes) {
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  if (bytes <= capacity) return;
  capacity = std::max(bytes, capacity + capacity / 2);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(capacity), nullptr, GL_DYNAMIC_DRAW);
}

void PointBuffer::set_positions(const float* data, int n, int dim) {
  const std::size_t bytes = static_cast<std::size_t>(n) * dim * sizeof(float);
  ensure_capacity(positions_, positions_capacity_, bytes);
  if (bytes) glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), data);
  uploaded_ += bytes;
  ++version_;
  count_ = n;
  if (dim != dim_) {
    // The stride is the data's dimension; the attribute reads the first min(d, 3) coordinates.
    glBindVertexArray(vao_);
    glVertexAttribPointer(0, std::min(dim, 3), GL_FLOAT, GL_FALSE, static_cast<GLsizei>(dim * sizeof(float)), nullptr);
    glEnableVertexAttribArray(0);
    glBindVertexArray(0);
    dim_ = dim;
  }
}

void PointBuffer::set_scalars(const float* data, int n) {
  const std::size_t bytes = static_cast<std::size_t>(n) * sizeof(float);
  ensure_capacity(scalars_, scalars_capacity_, bytes);
  if (bytes) glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), data);
  uploaded_ += bytes;
  ++version_;
  scalar_count_ = n;
  glBindVertexArray(vao_);
  glEnableVertexAttribArray(1);
  glBindVertexArray(0);
}

PointRenderer::PointRenderer() : program_(std::make_unique<ShaderProgram>("points.vert", "points.frag")) {
  glGenTextures(kColormapCount, colormaps_);
  for (int i = 0; i < kColormapCount; ++i) {
    glBindTexture(GL_TEXTURE_1D, colormaps_[i]);
    glTexImage1D(GL_TEXTURE_1D, 0, GL_RGB32F, kColormapSize, 0, GL_RGB, GL_FLOAT,
                 colormap_table(static_cast<Colormap>(i)));
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  }
  GLfloat range[2] = {1.0f, 64.0f};
  glGetFloatv(GL_ALIASED_POINT_SIZE_RANGE, range);
  max_point_size_ = range[1];
  gl::check("creating the point renderer");
}

PointRenderer::~PointRenderer() { glDeleteTextures(kColormapCount, colormaps_); }

void PointRenderer::draw(const PointBuffer& points, const PointStyle& style, const Camera& camera,
                         const Viewport& vp) {
  if (points.count() == 0) return;
  const bool sphere = camera.mode == ViewMode::Orbit3D;
  const bool perspective = sphere && camera.projection == Projection::Perspective;
  const float wpp = perspective ? 2.0f * std::tan(0.5f * camera.fov_y) / std::max(vp.height, 1)
                                : camera.world_per_pixel(vp);
  program_->use();
  glUniformMatrix4fv(program_->uniform("u_view"), 1, GL_FALSE, glm::value_ptr(camera.view_matrix()));
  glUniformMatrix4fv(program_->uniform("u_proj"), 1, GL_FALSE, glm::value_ptr(camera.projection_matrix(vp.aspect())));
  glUniform2f(program_->uniform("u_viewport"), static_cast<float>(vp.width), static_cast<float>(vp.height));
  glUniform1i(program_->uniform("u_mode"), sphere ? 1 : 0);
  glUniform1f(program_->uniform("u_size"), style.size);
  glUniform1i(program_->uniform("u_size_in_world"), style.size_in_world);
  glUniform1i(program_->uniform("u_perspective"), perspective);
  glUniform1f(program_->uniform("u_world_per_pixel"), wpp);
  glUniform1f(program_->uniform("u_max_sprite"), max_point_size_);
  glUniform1i(program_->uniform("u_use_scalar"), style.use_scalar);
  glUniform2f(program_->uniform("u_scalar_range"), style.scalar_range.x, style.scalar_range.y);
  glUniform4fv(program_->uniform("u_color"), 1, glm::value_ptr(style.color));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_1D, colormaps_[static_cast<int>(style.colormap)]);
  glUniform1i(program_->uniform("u_colormap"), 0);

  if (sphere) {
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
  } else {
    glDisable(GL_DEPTH_TEST);
  }
  glEnable(GL_BLEND);
  // Alpha accumulates as "over" too, so a transparent background gives a correct alpha channel.
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glEnable(GL_PROGRAM_POINT_SIZE);
  glPointParameteri(GL_POINT_SPRITE_COORD_ORIGIN, GL_UPPER_LEFT);
  glBindVertexArray(points.vao());
  glDrawArrays(GL_POINTS, 0, points.count());
  glBindVertexArray(0);
}

}  // namespace monge
