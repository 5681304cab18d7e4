#include "render/gl/field_renderer.hpp"

#include <algorithm>
#include <glm/gtc/type_ptr.hpp>
#include <string>

#include "render/gl/colormap_textures.hpp"
#include "render/gl/gl.hpp"
#include "render/gl/shader.hpp"
#include "base/errors.hpp"

namespace monge {

namespace {

// Texture units the field shader reads.
constexpr int kColormapUnit = 0, kValuesUnit = 1, kObstaclesUnit = 2;

// Upload a full nx x ny single-channel image into `texture`, allocating storage when `allocate`.
void upload_channel(GLuint texture, bool allocate, GLint internal_format, GLenum type, int nx, int ny,
                    const void* data) {
  glBindTexture(GL_TEXTURE_2D, texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // R8 rows of odd widths are not 4-byte aligned
  if (allocate)
    glTexImage2D(GL_TEXTURE_2D, 0, internal_format, nx, ny, 0, GL_RED, type, data);
  else
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, nx, ny, GL_RED, type, data);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// FieldTexture

FieldTexture::FieldTexture() {
  glGenTextures(1, &values_);
  glGenTextures(1, &obstacles_);
}

FieldTexture::~FieldTexture() {
  glDeleteTextures(1, &values_);
  glDeleteTextures(1, &obstacles_);
}

void FieldTexture::set_grid(const DensityGrid& grid) {
  const std::size_t cells = static_cast<std::size_t>(std::max(grid.nx, 0)) * std::max(grid.ny, 0);
  if (grid.nx < 1 || grid.ny < 1 || grid.values.size() != cells)
    throw InputError("density grid: " + std::to_string(grid.values.size()) + " values for nx = " +
                     std::to_string(grid.nx) + ", ny = " + std::to_string(grid.ny));
  if (!grid.obstacle.empty() && grid.obstacle.size() != cells)
    throw InputError("density grid: obstacle mask has " + std::to_string(grid.obstacle.size()) + " cells, expected " +
                     std::to_string(cells));
  if (!(grid.x1 > grid.x0) || !(grid.y1 > grid.y0))
    throw InputError("density grid: bounds need x0 < x1 and y0 < y1");
  const bool resized = grid.nx != nx_ || grid.ny != ny_;
  nx_ = grid.nx;
  ny_ = grid.ny;
  bounds_ = {grid.x0, grid.y0, grid.x1, grid.y1};
  if (resized) {
    // Both textures take the new size, so the mask can later be set without reallocating.
    upload_channel(values_, true, GL_R32F, GL_FLOAT, nx_, ny_, grid.values.data());
    upload_channel(obstacles_, true, GL_R8, GL_UNSIGNED_BYTE, nx_, ny_, nullptr);
    ++allocations_;
  } else {
    upload_channel(values_, false, GL_R32F, GL_FLOAT, nx_, ny_, grid.values.data());
  }
  uploaded_ += cells * sizeof(float);
  has_obstacles_ = !grid.obstacle.empty();
  if (has_obstacles_) {
    upload_channel(obstacles_, false, GL_R8, GL_UNSIGNED_BYTE, nx_, ny_, grid.obstacle.data());
    uploaded_ += cells;
  }
}

void FieldTexture::update_values(const float* values) {
  if (nx_ == 0) return;
  upload_channel(values_, false, GL_R32F, GL_FLOAT, nx_, ny_, values);
  uploaded_ += static_cast<std::size_t>(nx_) * ny_ * sizeof(float);
}

// ---------------------------------------------------------------------------------------------
// FieldRenderer

FieldRenderer::FieldRenderer()
    : program_(std::make_unique<ShaderProgram>("field.vert", "field.frag")),
      colormaps_(std::make_unique<ColormapTextures>()) {
  glGenVertexArrays(1, &vao_);
  glGenSamplers(1, &nearest_);
  glGenSamplers(1, &bilinear_);
  for (const GLuint sampler : {nearest_, bilinear_}) {
    const GLint filter = sampler == bilinear_ ? GL_LINEAR : GL_NEAREST;
    glSamplerParameteri(sampler, GL_TEXTURE_MIN_FILTER, filter);
    glSamplerParameteri(sampler, GL_TEXTURE_MAG_FILTER, filter);
    glSamplerParameteri(sampler, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glSamplerParameteri(sampler, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  gl::check("creating the field renderer");
}

FieldRenderer::~FieldRenderer() {
  glDeleteSamplers(1, &nearest_);
  glDeleteSamplers(1, &bilinear_);
  glDeleteVertexArrays(1, &vao_);
}

void FieldRenderer::draw(const FieldTexture& field, const FieldStyle& style, const Camera& camera,
                         const Viewport& vp) {
  if (field.nx() == 0) return;
  program_->use();
  glUniformMatrix4fv(program_->uniform("u_view_proj"), 1, GL_FALSE, glm::value_ptr(camera.view_projection(vp)));
  glUniform4fv(program_->uniform("u_bounds"), 1, glm::value_ptr(field.bounds()));
  glUniform2f(program_->uniform("u_range"), style.range.x, style.range.y);
  glUniform1i(program_->uniform("u_log_scale"), style.log_scale);
  glUniform1i(program_->uniform("u_hide_below"), style.hide_below);
  glUniform1f(program_->uniform("u_threshold"), style.threshold);
  glUniform3fv(program_->uniform("u_obstacle_color"), 1, glm::value_ptr(style.obstacle_color));
  glUniform1f(program_->uniform("u_opacity"), std::clamp(style.opacity, 0.0f, 1.0f));
  glUniform1i(program_->uniform("u_has_obstacles"), field.has_obstacles());

  colormaps_->bind(style.colormap, kColormapUnit);
  glUniform1i(program_->uniform("u_colormap"), kColormapUnit);
  glActiveTexture(GL_TEXTURE0 + kValuesUnit);
  glBindTexture(GL_TEXTURE_2D, field.values_texture());
  glBindSampler(kValuesUnit, style.bilinear ? bilinear_ : nearest_);
  glUniform1i(program_->uniform("u_values"), kValuesUnit);
  glActiveTexture(GL_TEXTURE0 + kObstaclesUnit);
  glBindTexture(GL_TEXTURE_2D, field.obstacle_texture());
  glBindSampler(kObstaclesUnit, nearest_);
  glUniform1i(program_->uniform("u_obstacles"), kObstaclesUnit);

  glDisable(GL_DEPTH_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  // Samplers override texture state on their unit: unbind them so other renderers' textures
  // on these units keep their own filtering.
  glBindSampler(kValuesUnit, 0);
  glBindSampler(kObstaclesUnit, 0);
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace monge
