#include "app/canvas/offscreen.hpp"

#include "render/gl/frame.hpp"

namespace monge {

Camera camera_for(const ViewSettings& view, SceneView& scene_view, const Viewport& vp) {
  if (view.camera) {
    Camera c = *view.camera;
    c.mode = view.mode;
    c.projection = view.projection;
    return c;
  }
  Camera c;
  c.mode = view.mode;
  c.projection = view.projection;
  glm::vec3 lo, hi;
  scene_view.bounds(lo, hi);
  c.fit(lo, hi, vp);
  return c;
}

OffscreenRenderer::OffscreenRenderer(int width, int height)
    : context_(std::make_unique<EglContext>()),
      target_(std::make_unique<Framebuffer>(width, height)),
      view_(std::make_unique<SceneView>()) {}

Image OffscreenRenderer::render(const Scene& scene, const ViewSettings& view, const FlowState& state, bool transparent) {
  const Viewport vp{target_->width(), target_->height()};
  view_->set_scene(scene, view);
  view_->set_state(state);
  const Camera camera = camera_for(view, *view_, vp);
  target_->bind();
  view_->draw(camera, vp, view, transparent);
  frame::finish("drawing the scene offscreen");
  Image image;
  read_pixels(vp.width, vp.height, image);
  return image;
}

}  // namespace monge
