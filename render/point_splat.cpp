#include "render/point_splat.hpp"

#include <algorithm>
#include <cmath>

namespace monge {

float disc_radius_pixels(const PointStyle& style, float world_per_pixel, float max_sprite) {
  const float radius_world = style.size_in_world ? 0.5f * style.size : 0.5f * style.size * world_per_pixel;
  return std::min(std::max(radius_world / world_per_pixel, 0.5f), 0.5f * max_sprite - 1.0f);
}

namespace {

// x >= 0 rounded half up to an 8-bit level (std::lround is a library call, four per pixel).
inline std::uint8_t to_level(float x) { return static_cast<std::uint8_t>(std::min(x, 255.0f) + 0.5f); }

// One blend of GL's "over" (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA; alpha GL_ONE, GL_ONE_MINUS_SRC_ALPHA)
// into an 8-bit pixel, rounded to the nearest level as the framebuffer stores it. rgb255: the
// colour in levels (0 to 255).
inline void blend_over(std::uint8_t* pixel, const glm::vec3& rgb255, float alpha) {
  const float keep = 1.0f - alpha;
  pixel[0] = to_level(rgb255.r * alpha + pixel[0] * keep);
  pixel[1] = to_level(rgb255.g * alpha + pixel[1] * keep);
  pixel[2] = to_level(rgb255.b * alpha + pixel[2] * keep);
  pixel[3] = to_level(255.0f * alpha + pixel[3] * keep);
}

}  // namespace

void PointSplatter::splat(const float* positions, int n, int dim, const float* scalars, const PointStyle& style,
                          const SplatView& view, std::uint8_t* rgba) {
  const int w = view.width, h = view.height;
  if (n <= 0 || w <= 0 || h <= 0 || dim < 1) return;
  const float radius = disc_radius_pixels(style, view.world_per_pixel, view.max_sprite);
  const float reach = radius + 0.5f;  // beyond it the coverage is 0
  const float reach2 = reach * reach;
  const float span = std::max(style.scalar_range.y - style.scalar_range.x, 1e-20f);
  const bool colormapped = style.use_scalar && scalars;
  const glm::vec3 solid(style.color);

  // 1. Where each visible disc lands, in drawing order.
  discs_.clear();
  for (int i = 0; i < n; ++i) {
    const float* p = positions + static_cast<std::size_t>(i) * dim;
    const glm::vec4 clip = view.view_projection * glm::vec4(p[0], dim > 1 ? p[1] : 0.0f, dim > 2 ? p[2] : 0.0f, 1.0f);
    if (!(clip.w > 0.0f)) continue;
    const glm::vec3 ndc = glm::vec3(clip) / clip.w;
    if (!(std::fabs(ndc.x) <= 1.0f && std::fabs(ndc.y) <= 1.0f && std::fabs(ndc.z) <= 1.0f)) continue;
    Disc disc;
    disc.cx = (0.5f * ndc.x + 0.5f) * static_cast<float>(w);
    disc.cy = (0.5f * ndc.y + 0.5f) * static_cast<float>(h);
    disc.rgb255 =
        255.0f * (colormapped ? colormap_sample(style.colormap, (scalars[i] - style.scalar_range.x) / span) : solid);
    // Pixels whose centre (px + 0.5, py + 0.5) lies within `reach` of the disc's centre.
    disc.x0 = std::max(0, static_cast<int>(std::floor(disc.cx - reach - 0.5f)));
    disc.x1 = std::min(w - 1, static_cast<int>(std::ceil(disc.cx + reach - 0.5f)));
    disc.y0 = std::max(0, static_cast<int>(std::floor(disc.cy - reach - 0.5f)));
    disc.y1 = std::min(h - 1, static_cast<int>(std::ceil(disc.cy + reach - 0.5f)));
    if (disc.x0 > disc.x1 || disc.y0 > disc.y1) continue;
    discs_.push_back(disc);
  }

  // 2. The discs of each band of kBandRows rows, in drawing order (a counting sort, stable): each
  // band's pixels then stay in cache while its discs are blended, and every pixel still receives
  // its discs in the order GL would blend them.
  const int bands = (h + kBandRows - 1) / kBandRows;
  band_start_.assign(static_cast<std::size_t>(bands) + 1, 0);
  for (const Disc& d : discs_)
    for (int b = d.y0 / kBandRows; b <= d.y1 / kBandRows; ++b) ++band_start_[b + 1];
  for (int b = 0; b < bands; ++b) band_start_[b + 1] += band_start_[b];
  // Copies, not indices: each band then reads its discs in one sequential sweep (through indices
  // every disc was a cache miss, the loop's main cost).
  band_discs_.resize(band_start_[bands]);
  band_fill_.assign(band_start_.begin(), band_start_.end() - 1);
  for (const Disc& d : discs_)
    for (int b = d.y0 / kBandRows; b <= d.y1 / kBandRows; ++b) band_discs_[band_fill_[b]++] = d;

  // 3. Band by band, each disc's rows within the band.
  for (int b = 0; b < bands; ++b) {
    const int band_lo = b * kBandRows, band_hi = std::min(h, band_lo + kBandRows) - 1;
    for (std::uint32_t item = band_start_[b]; item < band_start_[b + 1]; ++item) {
      const Disc& d = band_discs_[item];
      const float alpha = style.color.a;
      for (int py = std::max(d.y0, band_lo); py <= std::min(d.y1, band_hi); ++py) {
        const float dy = static_cast<float>(py) + 0.5f - d.cy;
        std::uint8_t* row = rgba + (static_cast<std::size_t>(py) * w) * 4;
        for (int px = d.x0; px <= d.x1; ++px) {
          const float dx = static_cast<float>(px) + 0.5f - d.cx;
          const float d2 = dx * dx + dy * dy;
          if (d2 >= reach2) continue;  // no coverage: no square root, no blend
          const float coverage = disc_coverage(radius, std::sqrt(d2));
          if (coverage > 0.0f) blend_over(row + 4 * px, d.rgb255, alpha * coverage);
        }
      }
    }
  }
}

void splat_discs(const float* positions, int n, int dim, const float* scalars, const PointStyle& style,
                 const SplatView& view, std::uint8_t* rgba) {
  PointSplatter splatter;
  splatter.splat(positions, n, dim, scalars, style, view, rgba);
}

}  // namespace monge
