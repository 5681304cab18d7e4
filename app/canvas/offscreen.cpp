#include "app/canvas/offscreen.hpp"

#include "app/canvas/overlay.hpp"
#include "render/gl/frame.hpp"

namespace monge {

OffscreenRenderer::OffscreenRenderer(int width, int height)
    : context_(std::make_unique<EglContext>()),
      target_(std::make_unique<Framebuffer>(width, height)),
      canvas_(std::make_unique<SceneCanvas>()) {}

OffscreenRenderer::~OffscreenRenderer() = default;

Image OffscreenRenderer::render(const Scene& scene, const ViewSettings& view, const FlowState& state, bool transparent,
                                bool overlays) {
  const Viewport vp{target_->width(), target_->height()};
  canvas_->set_scene(scene, view, state);
  const Camera camera = camera_for(view, *canvas_, vp);
  target_->bind();
  canvas_->draw(camera, vp, transparent);
  if (overlays) {
    if (!overlay_) overlay_ = std::make_unique<HeadlessOverlay>(false);
    overlay_->draw(vp, FrameExtras{{}, {canvas_.get()}});
  }
  frame::finish("drawing the scene offscreen");
  Image image;
  read_pixels(vp.width, vp.height, image);
  return image;
}

}  // namespace monge
