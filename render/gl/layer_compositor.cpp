#include "render/gl/layer_compositor.hpp"

#include "render/gl/gl.hpp"
#include "render/gl/shader.hpp"

namespace monge {

LayerCompositor::LayerCompositor() : program_(std::make_unique<ShaderProgram>("layer.vert", "layer.frag")) {
  glGenVertexArrays(1, &empty_vao_);
}

LayerCompositor::~LayerCompositor() { glDeleteVertexArrays(1, &empty_vao_); }

void LayerCompositor::composite(unsigned int texture) {
  GLint viewport[4] = {0, 0, 0, 0};
  glGetIntegerv(GL_VIEWPORT, viewport);
  program_->use();
  glUniform1i(program_->uniform("u_layer"), 0);
  glUniform2i(program_->uniform("u_origin"), viewport[0], viewport[1]);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, texture);
  glDisable(GL_DEPTH_TEST);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);  // premultiplied "over", colour and alpha alike
  glBindVertexArray(empty_vao_);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
}

}  // namespace monge
