#pragma once
// Draws point clouds as point sprites in one draw call each: anti-aliased discs in 2D, shaded
// sphere impostors in 3D, coloured by a per-point scalar through a colormap. One vertex per
// point (GL_POINTS with a program-set size) rather than an instanced quad: 4x less vertex work,
// which is what limits software rasterisers. Sprites are capped at the driver's largest point
// size (255 px on llvmpipe, 2047 on NVIDIA).
// GPU buffers grow geometrically and are updated in place (glBufferSubData): setting positions
// every frame re-uploads only the positions, and allocates nothing once the capacity is reached.
#include <glm/glm.hpp>

#include "render/camera.hpp"
#include "render/colormap.hpp"
#include "render/point_style.hpp"
#include <cstdint>
#include <memory>

namespace monge {

class ShaderProgram;

// GPU copy of one point set. Positions of any dimension d >= 1 are accepted; the first
// min(d, 3) coordinates are drawn.
class PointBuffer {
 public:
  PointBuffer();
  ~PointBuffer();
  PointBuffer(const PointBuffer&) = delete;
  PointBuffer& operator=(const PointBuffer&) = delete;

  // xyz: n points with `dim` floats each, row-major (monge::Points data()).
  void set_positions(const float* data, int n, int dim);
  // n scalars, one per point (the colour source).
  void set_scalars(const float* data, int n);
  int count() const { return count_; }
  unsigned int vao() const { return vao_; }
  // Bumped by every set_positions/set_scalars: a drawing cached from this buffer (PointLayer)
  // is stale once the version moved on.
  std::uint64_t version() const { return version_; }
  // Bytes uploaded by the last set_positions/set_scalars calls since reset_upload_counter().
  std::size_t uploaded_bytes() const { return uploaded_; }
  void reset_upload_counter() { uploaded_ = 0; }

 private:
  void ensure_capacity(unsigned int buffer, std::size_t& capacity, std::size_t bytes);
  unsigned int vao_ = 0, positions_ = 0, scalars_ = 0;  // GL names
  std::size_t positions_capacity_ = 0, scalars_capacity_ = 0, uploaded_ = 0;
  int count_ = 0, dim_ = 0, scalar_count_ = 0;
  std::uint64_t version_ = 0;
};

class PointRenderer {
 public:
  PointRenderer();  // needs a current GL 4.5 context
  ~PointRenderer();
  PointRenderer(const PointRenderer&) = delete;
  PointRenderer& operator=(const PointRenderer&) = delete;

  void draw(const PointBuffer& points, const PointStyle& style, const Camera& camera, const Viewport& vp);
  // The driver's largest point size: sprites are capped to fit it.
  float max_point_size() const { return max_point_size_; }

 private:
  std::unique_ptr<ShaderProgram> program_;
  unsigned int colormaps_[kColormapCount] = {};  // 1D textures
  float max_point_size_ = 64.0f;
};

}  // namespace monge
