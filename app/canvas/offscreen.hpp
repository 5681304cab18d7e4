#pragma once
// Headless drawing of a scene: an EGL context (no X server, no GLFW), a framebuffer, and the
// same SceneCanvas the window uses. `monge render` and the render tests go through here.
#include <memory>

#include "app/scene/scene.hpp"
#include "app/scene/view_settings.hpp"
#include "app/canvas/scene_canvas.hpp"
#include "render/gl/egl_context.hpp"
#include "render/gl/framebuffer.hpp"

namespace monge {

class HeadlessOverlay;

class OffscreenRenderer {
 public:
  OffscreenRenderer(int width, int height);  // throws std::runtime_error if EGL is unavailable
  ~OffscreenRenderer();

  // Draw `state` of `scene` with `view` (camera from the view, else fitted to the data); with
  // `overlays`, also its captions and colour bars, as `monge render` draws them.
  Image render(const Scene& scene, const ViewSettings& view, const FlowState& state, bool transparent = false,
               bool overlays = false);
  const EglContext& context() const { return *context_; }

 private:
  std::unique_ptr<EglContext> context_;
  std::unique_ptr<Framebuffer> target_;
  std::unique_ptr<SceneCanvas> canvas_;
  std::unique_ptr<HeadlessOverlay> overlay_;  // made when overlays are first asked for
};

}  // namespace monge
