#include "render/gl/point_layer.hpp"

#include "render/gl/framebuffer.hpp"
#include "render/gl/gl.hpp"
#include "render/gl/layer_compositor.hpp"

namespace monge {

bool PointLayer::Key::operator==(const Key& o) const {
  return buffer == o.buffer && version == o.version && view == o.view && proj == o.proj && width == o.width &&
         height == o.height && size == o.size && size_in_world == o.size_in_world && use_scalar == o.use_scalar &&
         colormap == o.colormap && scalar_range == o.scalar_range && color == o.color;
}

PointLayer::PointLayer() : compositor_(std::make_unique<LayerCompositor>()) {}

PointLayer::~PointLayer() = default;

void PointLayer::draw(PointRenderer& renderer, const PointBuffer& points, const PointStyle& style,
                      const Camera& camera, const Viewport& vp) {
  rendered_ = true;
  if (points.count() == 0) return;
  if (camera.mode != ViewMode::Planar2D) {
    renderer.draw(points, style, camera, vp);
    return;
  }
  Key key;
  key.buffer = &points;
  key.version = points.version();
  key.view = camera.view_matrix();
  key.proj = camera.projection_matrix(vp.aspect());
  key.width = vp.width;
  key.height = vp.height;
  key.size = style.size;
  key.size_in_world = style.size_in_world;
  key.use_scalar = style.use_scalar;
  key.colormap = static_cast<int>(style.colormap);
  key.scalar_range = style.scalar_range;
  key.color = style.color;
  rendered_ = !(valid_ && key == key_);
  if (rendered_) {
    render_layer(renderer, points, style, camera, vp);
    key_ = key;
    valid_ = true;
  }
  compositor_->composite(layer_->color_texture());
}

void PointLayer::render_layer(PointRenderer& renderer, const PointBuffer& points, const PointStyle& style,
                              const Camera& camera, const Viewport& vp) {
  // The caller's target, region and clear colour, restored afterwards.
  GLint draw_fbo = 0, read_fbo = 0, viewport[4] = {0, 0, 0, 0};
  GLfloat clear_color[4] = {0, 0, 0, 0};
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fbo);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fbo);
  glGetIntegerv(GL_VIEWPORT, viewport);
  glGetFloatv(GL_COLOR_CLEAR_VALUE, clear_color);
  const GLboolean scissor = glIsEnabled(GL_SCISSOR_TEST);

  if (!layer_) layer_ = std::make_unique<Framebuffer>(vp.width, vp.height);
  layer_->resize(vp.width, vp.height);
  layer_->bind();
  glDisable(GL_SCISSOR_TEST);
  // Transparent black: the point renderer's blending then leaves premultiplied colour and the
  // combined coverage in the layer, which composite() lays "over" the scene.
  glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  renderer.draw(points, style, camera, vp);

  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_fbo));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_fbo));
  glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
  glClearColor(clear_color[0], clear_color[1], clear_color[2], clear_color[3]);
  if (scissor) glEnable(GL_SCISSOR_TEST);
}

}  // namespace monge
