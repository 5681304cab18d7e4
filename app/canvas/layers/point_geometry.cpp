#include "app/canvas/layers/point_geometry.hpp"

#include <cmath>

namespace monge {

std::optional<Pick> pick_point(const Points& p, const DrawContext& context, glm::vec2 pixel, float radius_px,
                               const char* layer) {
  // One pass over the points through the camera's matrix, paid only when the mouse asks (so no
  // index has to follow the moving points). Without divisions: a point is within the radius when
  // |clip.xy - cursor_ndc * clip.w| scaled to pixels is within radius * clip.w.
  const glm::mat4 m = context.camera.view_projection(context.vp);
  const bool three_d = context.camera.mode == ViewMode::Orbit3D;
  const float half_w = 0.5f * static_cast<float>(context.vp.width), half_h = 0.5f * static_cast<float>(context.vp.height);
  const float cx = pixel.x / half_w - 1.0f, cy = 1.0f - pixel.y / half_h;  // the cursor in NDC
  const float r2 = radius_px * radius_px;
  const int d = std::min<int>(static_cast<int>(p.cols()), 3);
  std::optional<Pick> best;
  float best_score = INFINITY;
  for (int i = 0; i < p.rows(); ++i) {
    float x[3] = {0.0f, 0.0f, 0.0f};
    for (int k = 0; k < d; ++k) x[k] = p(i, k);
    // glm is column-major: m[c][r]. Rows 0, 1 and 3 of the matrix give clip x, y and w.
    const float clip_x = m[0][0] * x[0] + m[1][0] * x[1] + m[2][0] * x[2] + m[3][0];
    const float clip_y = m[0][1] * x[0] + m[1][1] * x[1] + m[2][1] * x[2] + m[3][1];
    const float clip_w = m[0][3] * x[0] + m[1][3] * x[1] + m[2][3] * x[2] + m[3][3];
    if (clip_w <= 0.0f) continue;
    const float dx = (clip_x - cx * clip_w) * half_w, dy = (clip_y - cy * clip_w) * half_h;
    const float dist2 = dx * dx + dy * dy;  // in pixels, times clip_w squared
    if (dist2 > r2 * clip_w * clip_w) continue;
    // 2D: the nearest on screen; 3D: the nearest to the eye among those under the cursor.
    const glm::vec3 at(x[0], x[1], x[2]);
    const float score = three_d ? glm::length(at - context.camera.eye()) : dist2 / (clip_w * clip_w);
    if (score < best_score) {
      best_score = score;
      best = Pick{layer, i, at, three_d ? score : 0.0f};
    }
  }
  return best;
}

}  // namespace monge
