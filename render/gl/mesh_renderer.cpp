#include "render/gl/mesh_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <glm/gtc/type_ptr.hpp>
#include <stdexcept>
#include <string>

#include "render/gl/colormap_textures.hpp"
#include "render/gl/gl.hpp"
#include "render/gl/shader.hpp"
#include "base/errors.hpp"

namespace monge {

void compute_vertex_normals(const float* V, int nv, const std::int32_t* F, int nf, float* normals) {
  std::fill(normals, normals + 3 * static_cast<std::size_t>(nv), 0.0f);
  for (int f = 0; f < nf; ++f) {
    const std::int32_t* tri = F + 3 * static_cast<std::size_t>(f);
    const float* a = V + 3 * static_cast<std::size_t>(tri[0]);
    const float* b = V + 3 * static_cast<std::size_t>(tri[1]);
    const float* c = V + 3 * static_cast<std::size_t>(tri[2]);
    const float u[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    const float w[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
    // |u x w| is twice the area: summing unnormalised face normals weights them by area.
    const float n[3] = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
    for (int k = 0; k < 3; ++k) {
      float* out = normals + 3 * static_cast<std::size_t>(tri[k]);
      out[0] += n[0];
      out[1] += n[1];
      out[2] += n[2];
    }
  }
  for (int i = 0; i < nv; ++i) {
    float* n = normals + 3 * static_cast<std::size_t>(i);
    const float len = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    if (len > 0.0f && std::isfinite(len)) {
      n[0] /= len;
      n[1] /= len;
      n[2] /= len;
    } else {
      n[0] = n[1] = 0.0f;
      n[2] = 1.0f;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// MeshBuffer

MeshBuffer::MeshBuffer() {
  glGenVertexArrays(1, &vao_);
  GLuint names[4];
  glGenBuffers(4, names);
  positions_ = names[0];
  normals_ = names[1];
  scalars_ = names[2];
  indices_ = names[3];
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, positions_);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 3 * sizeof(float), nullptr);
  glEnableVertexAttribArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, normals_);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 3 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glBindBuffer(GL_ARRAY_BUFFER, scalars_);
  glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, sizeof(float), nullptr);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, indices_);  // recorded in the VAO
  glBindVertexArray(0);
}

MeshBuffer::~MeshBuffer() {
  const GLuint names[4] = {positions_, normals_, scalars_, indices_};
  glDeleteBuffers(4, names);
  glDeleteVertexArrays(1, &vao_);
}

void MeshBuffer::upload(unsigned int target, unsigned int buffer, std::size_t& capacity, const void* data,
                        std::size_t bytes) {
  glBindBuffer(target, buffer);
  if (bytes > capacity) {
    capacity = std::max(bytes, capacity + capacity / 2);
    glBufferData(target, static_cast<GLsizeiptr>(capacity), nullptr, GL_DYNAMIC_DRAW);
  }
  if (bytes) glBufferSubData(target, 0, static_cast<GLsizeiptr>(bytes), data);
  uploaded_ += bytes;
}

void MeshBuffer::set_mesh(const float* V, int nv, const std::int32_t* F, int nf) {
  if (nv < 0 || nf < 0) throw InputError("mesh: negative vertex or face count");
  for (int f = 0; f < nf; ++f)
    for (int k = 0; k < 3; ++k) {
      const std::int32_t index = F[3 * static_cast<std::size_t>(f) + k];
      if (index < 0 || index >= nv)
        throw InputError("mesh: face " + std::to_string(f) + " uses vertex " + std::to_string(index) +
                         ", outside [0, " + std::to_string(nv) + ")");
    }
  if (nv != vertex_count_) enable_scalars(false);  // the old scalars would be read out of bounds
  vertex_count_ = nv;
  face_count_ = nf;
  faces_.assign(F, F + 3 * static_cast<std::size_t>(nf));
  normals_cpu_.resize(3 * static_cast<std::size_t>(nv));
  // The element buffer binding belongs to the VAO: bind it so the upload lands in this mesh's.
  glBindVertexArray(vao_);
  upload(GL_ELEMENT_ARRAY_BUFFER, indices_, indices_capacity_, F, faces_.size() * sizeof(std::int32_t));
  glBindVertexArray(0);
  update_positions(V);
}

void MeshBuffer::update_positions(const float* V) {
  compute_vertex_normals(V, vertex_count_, faces_.data(), face_count_, normals_cpu_.data());
  const std::size_t bytes = 3 * static_cast<std::size_t>(vertex_count_) * sizeof(float);
  upload(GL_ARRAY_BUFFER, positions_, positions_capacity_, V, bytes);
  upload(GL_ARRAY_BUFFER, normals_, normals_capacity_, normals_cpu_.data(), bytes);
}

void MeshBuffer::set_scalars(const float* values, int n) {
  if (n != vertex_count_)
    throw InputError("mesh scalars: " + std::to_string(n) + " values for " + std::to_string(vertex_count_) +
                     " vertices");
  upload(GL_ARRAY_BUFFER, scalars_, scalars_capacity_, values, static_cast<std::size_t>(n) * sizeof(float));
  enable_scalars(true);
}

void MeshBuffer::clear_scalars() { enable_scalars(false); }

void MeshBuffer::enable_scalars(bool on) {
  if (on == has_scalars_) return;
  // A disabled attribute reads the constant 0, which the shader ignores without use_scalar.
  glBindVertexArray(vao_);
  if (on) glEnableVertexAttribArray(2); else glDisableVertexAttribArray(2);
  glBindVertexArray(0);
  has_scalars_ = on;
}

// ---------------------------------------------------------------------------------------------
// MeshRenderer

namespace {

// ShaderProgram links a vertex and a fragment stage. Its shaders stay attached to the program
// (deleted only when detached), so the wireframe variant is that program with the geometry
// stage attached and linked again.
void add_geometry_stage(const ShaderProgram& program, const char* file) {
  const std::string_view text = shader_source(file);
  const GLuint shader = glCreateShader(GL_GEOMETRY_SHADER);
  const char* source = text.data();
  const GLint length = static_cast<GLint>(text.size());
  glShaderSource(shader, 1, &source, &length);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  char log[4096] = "";
  if (!ok) {
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw std::runtime_error(std::string("shader ") + file + " does not compile: " + log);
  }
  glAttachShader(program.id(), shader);
  glDeleteShader(shader);  // freed with the program
  glLinkProgram(program.id());
  glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
  if (!ok) {
    glGetProgramInfoLog(program.id(), sizeof log, nullptr, log);
    throw std::runtime_error(std::string("shaders mesh.vert + ") + file + " + mesh.frag do not link: " + log);
  }
}

}  // namespace

MeshRenderer::MeshRenderer()
    : surface_(std::make_unique<ShaderProgram>("mesh.vert", "mesh.frag")),
      wireframe_(std::make_unique<ShaderProgram>("mesh.vert", "mesh.frag")),
      colormaps_(std::make_unique<ColormapTextures>()) {
  add_geometry_stage(*wireframe_, "mesh.geom.glsl");
  gl::check("creating the mesh renderer");
}

MeshRenderer::~MeshRenderer() = default;

void MeshRenderer::draw(const MeshBuffer& mesh, const MeshStyle& style, const Camera& camera, const Viewport& vp) {
  if (mesh.face_count() == 0) return;
  const ShaderProgram& program = style.wireframe ? *wireframe_ : *surface_;
  const bool perspective = camera.mode == ViewMode::Orbit3D && camera.projection == Projection::Perspective;
  const bool translucent = style.opacity < 1.0f;
  program.use();
  glUniformMatrix4fv(program.uniform("u_view"), 1, GL_FALSE, glm::value_ptr(camera.view_matrix()));
  glUniformMatrix4fv(program.uniform("u_proj"), 1, GL_FALSE, glm::value_ptr(camera.projection_matrix(vp.aspect())));
  glUniform2f(program.uniform("u_viewport"), static_cast<float>(vp.width), static_cast<float>(vp.height));
  glUniform1i(program.uniform("u_flat"), style.shading == MeshShading::Flat);
  glUniform1i(program.uniform("u_perspective"), perspective);
  glUniform3fv(program.uniform("u_color"), 1, glm::value_ptr(style.color));
  glUniform1i(program.uniform("u_use_scalar"), style.use_scalar && mesh.has_scalars());
  glUniform2f(program.uniform("u_scalar_range"), style.scalar_range.x, style.scalar_range.y);
  glUniform1f(program.uniform("u_opacity"), std::clamp(style.opacity, 0.0f, 1.0f));
  glUniform1f(program.uniform("u_specular"), style.specular);
  glUniform4fv(program.uniform("u_wire_color"), 1, glm::value_ptr(style.wire_color));
  glUniform1f(program.uniform("u_wire_width"), style.wireframe ? std::max(style.wire_width, 0.0f) : 0.0f);
  colormaps_->bind(style.colormap, 0);
  glUniform1i(program.uniform("u_colormap"), 0);

  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  if (translucent) {
    glEnable(GL_CULL_FACE);
    glCullFace(GL_BACK);
    glDepthMask(GL_FALSE);
  }
  glBindVertexArray(mesh.vao());
  glDrawElements(GL_TRIANGLES, 3 * mesh.face_count(), GL_UNSIGNED_INT, nullptr);
  glBindVertexArray(0);
  if (translucent) {
    glDepthMask(GL_TRUE);
    glDisable(GL_CULL_FACE);
  }
}

}  // namespace monge
