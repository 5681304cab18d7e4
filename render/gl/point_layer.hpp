#pragma once
// A point set that does not move (a flow's target), drawn once into an offscreen layer and
// composited from it while nothing it depends on changes: the camera, the viewport's size, the
// style and the buffer's contents (PointBuffer::version). On software rasterisers every point
// costs hundreds of nanoseconds of setup, so 100k target points cost as much as the moving source
// each frame; the cached layer costs one textured quad. Only planar (2D) views are cached: in 3D
// the points take part in depth testing with the rest of the scene, so they are drawn directly.
#include <cstdint>
#include <memory>

#include <glm/glm.hpp>

#include "render/camera.hpp"
#include "render/gl/point_renderer.hpp"

namespace monge {

class Framebuffer;
class LayerCompositor;

class PointLayer {
 public:
  PointLayer();  // needs a current GL 4.5 context
  ~PointLayer();
  PointLayer(const PointLayer&) = delete;
  PointLayer& operator=(const PointLayer&) = delete;

  // Draws `points` into the current framebuffer and viewport (of vp's size) as
  // renderer.draw(points, style, camera, vp) would, from the cached layer when possible.
  void draw(PointRenderer& renderer, const PointBuffer& points, const PointStyle& style, const Camera& camera,
            const Viewport& vp);
  // Whether the last draw() drew the points (true) or only composited the cached layer (false).
  bool last_draw_rendered() const { return rendered_; }

 private:
  // Everything the layer's pixels depend on.
  struct Key {
    const PointBuffer* buffer = nullptr;
    std::uint64_t version = 0;
    glm::mat4 view{1.0f}, proj{1.0f};
    int width = 0, height = 0;
    float size = 0;
    bool size_in_world = false, use_scalar = false;
    int colormap = 0;
    glm::vec2 scalar_range{0.0f};
    glm::vec4 color{0.0f};
    bool operator==(const Key& o) const;
  };
  void render_layer(PointRenderer& renderer, const PointBuffer& points, const PointStyle& style, const Camera& camera,
                    const Viewport& vp);
  std::unique_ptr<Framebuffer> layer_;
  std::unique_ptr<LayerCompositor> compositor_;
  Key key_;
  bool valid_ = false, rendered_ = false;
};

}  // namespace monge
