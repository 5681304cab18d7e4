#pragma once
// Point sets as layers see them: a point in 3D, the box around a set, the point under a pixel.
#include <algorithm>
#include <glm/glm.hpp>
#include <optional>

#include "app/canvas/layer.hpp"
#include "solvers/common/types.hpp"

namespace monge {

// The first min(d, 3) coordinates of point i (zeros beyond d).
inline glm::vec3 point3(const Points& p, int i) {
  glm::vec3 v(0.0f);
  for (int k = 0; k < std::min<int>(static_cast<int>(p.cols()), 3); ++k) v[k] = p(i, k);
  return v;
}

// Grow [lo, hi] by the points' first three coordinates.
inline void extend_bounds(const Points& p, glm::vec3& lo, glm::vec3& hi) {
  const int d = std::min<int>(static_cast<int>(p.cols()), 3);
  for (int i = 0; i < p.rows(); ++i)
    for (int k = 0; k < d; ++k) {
      lo[k] = std::min(lo[k], p(i, k));
      hi[k] = std::max(hi[k], p(i, k));
    }
}

// The point of `p` nearest to window pixel `pixel` (y down) within `radius_px`, projected with
// the context's camera; in 3D the nearest to the eye among those under the pixel wins.
std::optional<Pick> pick_point(const Points& p, const DrawContext& context, glm::vec2 pixel, float radius_px,
                               const char* layer);

}  // namespace monge
