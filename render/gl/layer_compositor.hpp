#pragma once
// Lays a layer of premultiplied colour (a texture of the viewport's size) "over" the current
// framebuffer, pixel for pixel: one full-viewport quad (layer.vert, layer.frag), texelFetch at the
// pixel's offset in the viewport, no filtering. Used by the cached target layer (PointLayer) and
// the CPU-splatted source (SplatLayer).
#include <memory>

namespace monge {

class ShaderProgram;

class LayerCompositor {
 public:
  LayerCompositor();  // needs a current GL 4.5 context
  ~LayerCompositor();
  LayerCompositor(const LayerCompositor&) = delete;
  LayerCompositor& operator=(const LayerCompositor&) = delete;

  // Composites `texture` (GL name, RGBA, the current viewport's size) at the current viewport.
  void composite(unsigned int texture);

 private:
  std::unique_ptr<ShaderProgram> program_;
  unsigned int empty_vao_ = 0;  // core profile: a draw needs a bound vertex array, even without attributes
};

}  // namespace monge
