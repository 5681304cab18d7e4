#pragma once
// Point discs rasterised on the CPU, as the point renderer draws them in 2D on the GPU
// (points.vert and points.frag, disc mode): the same sprite radius, the same one-pixel coverage
// ramp at the edge, the same "over" blending, into premultiplied RGBA8 with rows bottom-up (GL's
// order), so that a SplatLayer composites it like a PointLayer. Why: on a software rasteriser
// (llvmpipe) every GL point costs hundreds of nanoseconds of setup whatever its size, 45 ms for
// the 100k moving points of a flow, on the cores the solver needs; this loop costs a tenth of it.
// No GL here: the pure tests check it against closed forms and the render tests against the GPU.
#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

#include "render/point_style.hpp"

namespace monge {

struct SplatView {
  glm::mat4 view_projection{1.0f};  // Camera::view_projection
  float world_per_pixel = 1.0f;     // Camera::world_per_pixel (an orthographic view)
  float max_sprite = 255.0f;        // the GL driver's largest point size (PointRenderer::max_point_size)
  int width = 0, height = 0;        // the viewport, pixels
};

class PointSplatter {
 public:
  // Blends the n points (row-major, `dim` floats each; the first min(dim, 3) are x, y, z) over
  // rgba, width * height * 4 bytes of premultiplied colour. scalars: n values for the colormap
  // when style.use_scalar (may be null otherwise). Points whose centre lies outside the view are
  // skipped, as GL clips points by their centre. Allocates only when n grows.
  void splat(const float* positions, int n, int dim, const float* scalars, const PointStyle& style,
             const SplatView& view, std::uint8_t* rgba);

 private:
  // Random points scattered over a 3 MB picture miss the cache at every disc; bands of 16 rows
  // (70 KB at 1100 pixels) are drawn one at a time instead, like a tiled rasteriser's bins.
  static constexpr int kBandRows = 16;
  struct Disc {
    float cx, cy;          // centre, window pixels
    glm::vec3 rgb255;      // colour, 0 to 255
    int x0, x1, y0, y1;    // the pixels it may cover, clipped to the view
  };
  std::vector<Disc> discs_;                     // the visible discs, in drawing order
  std::vector<Disc> band_discs_;                // band by band, each band's discs in drawing order
  std::vector<std::uint32_t> band_start_, band_fill_;  // where each band's discs begin in band_discs_
};

// PointSplatter::splat with its own scratch (tests, one-off pictures).
void splat_discs(const float* positions, int n, int dim, const float* scalars, const PointStyle& style,
                 const SplatView& view, std::uint8_t* rgba);

// The coverage of a pixel whose centre lies `distance` pixels from the centre of a disc of radius
// `radius` pixels: the shader's linear ramp, 1 inside radius - 0.5, 0 beyond radius + 0.5.
inline float disc_coverage(float radius, float distance) {
  const float c = radius - distance + 0.5f;
  return c < 0.0f ? 0.0f : (c > 1.0f ? 1.0f : c);
}

// The disc radius in pixels for a style (points.vert): half the size, in pixels or world units,
// at least half a pixel, at most what the driver's largest sprite holds.
float disc_radius_pixels(const PointStyle& style, float world_per_pixel, float max_sprite);

}  // namespace monge
