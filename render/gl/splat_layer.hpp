#pragma once
// Moving points in a planar view drawn on the CPU (point_splat.hpp) into a texture, composited
// over the scene (LayerCompositor): what PointRenderer::draw gives, up to 8-bit rounding, at a
// tenth of its cost on a software rasteriser. SceneView uses it for large 2D clouds when the GL
// driver is llvmpipe (SceneView::set_cpu_splat); on a GPU the GL path stays far faster.
#include <cstdint>
#include <memory>
#include <vector>

#include "render/camera.hpp"
#include "render/point_splat.hpp"
#include "render/point_style.hpp"

namespace monge {

class LayerCompositor;

class SplatLayer {
 public:
  SplatLayer();  // needs a current GL 4.5 context
  ~SplatLayer();
  SplatLayer(const SplatLayer&) = delete;
  SplatLayer& operator=(const SplatLayer&) = delete;

  // Draws the n points (row-major, `dim` floats each; scalars as for PointBuffer) into the current
  // framebuffer and viewport (of vp's size), as PointRenderer::draw would in a planar view.
  // max_sprite: PointRenderer::max_point_size(), so that huge points are capped alike.
  void draw(const float* positions, int n, int dim, const float* scalars, const PointStyle& style,
            const Camera& camera, const Viewport& vp, float max_sprite);

 private:
  PointSplatter splatter_;
  std::vector<std::uint8_t> pixels_;  // premultiplied RGBA8, rows bottom-up
  unsigned int texture_ = 0;
  int width_ = 0, height_ = 0;        // the texture's size
  std::unique_ptr<LayerCompositor> compositor_;
};

}  // namespace monge
