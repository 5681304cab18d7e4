#include "app/canvas/layers/point_geometry.hpp"

#include <cmath>

namespace monge {

std::optional<Pick> pick_point(const Points& p, const DrawContext& context, glm::vec2 pixel, float radius_px,
                               const char* layer) {
  // One pass over the points through the camera's matrix: about a millisecond at 100k points, paid
  // only when the mouse asks, so no index has to be kept up to date as the points move.
  const glm::mat4 m = context.camera.view_projection(context.vp);
  const bool three_d = context.camera.mode == ViewMode::Orbit3D;
  const float w = static_cast<float>(context.vp.width), h = static_cast<float>(context.vp.height);
  const float r2 = radius_px * radius_px;
  std::optional<Pick> best;
  float best_score = INFINITY;
  for (int i = 0; i < p.rows(); ++i) {
    const glm::vec3 x = point3(p, i);
    const glm::vec4 clip = m * glm::vec4(x, 1.0f);
    if (clip.w <= 0.0f) continue;
    const glm::vec3 ndc = glm::vec3(clip) / clip.w;
    if (three_d && (ndc.z < -1.0f || ndc.z > 1.0f)) continue;
    const glm::vec2 at((ndc.x * 0.5f + 0.5f) * w, (0.5f - ndc.y * 0.5f) * h);
    const glm::vec2 d = at - pixel;
    const float dist2 = d.x * d.x + d.y * d.y;
    if (dist2 > r2) continue;
    // 2D: the nearest on screen; 3D: the nearest to the eye among those under the cursor.
    const float score = three_d ? ndc.z : dist2;
    if (score < best_score) {
      best_score = score;
      best = Pick{layer, i, x, three_d ? glm::length(x - context.camera.eye()) : 0.0f};
    }
  }
  return best;
}

}  // namespace monge
