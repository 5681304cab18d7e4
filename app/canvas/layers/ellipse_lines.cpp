#include "app/canvas/layers/ellipse_lines.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace monge {
namespace {
constexpr int kSegments = 96;
}

void append_ellipse(const Gaussian2& e, const glm::vec4& color, bool dashed, std::vector<LineVertex>& out) {
  // Eigen-decomposition of the symmetric 2x2 covariance.
  const float a = e.cov[0], b = e.cov[1], c = e.cov[2];
  const float mid = 0.5f * (a + c), rad = std::sqrt(0.25f * (a - c) * (a - c) + b * b);
  const float l1 = std::max(mid + rad, 0.0f), l2 = std::max(mid - rad, 0.0f);
  const float angle = 0.5f * std::atan2(2.0f * b, a - c);
  const glm::vec2 u(std::cos(angle), std::sin(angle)), v(-u.y, u.x);
  for (int k = 0; k < kSegments; k += dashed ? 2 : 1) {
    for (int end = 0; end < 2; ++end) {
      const float t = 2.0f * static_cast<float>(M_PI) * static_cast<float>(k + end) / kSegments;
      const glm::vec2 p = glm::vec2(e.mean[0], e.mean[1]) + 2.0f * std::sqrt(l1) * std::cos(t) * u +
                          2.0f * std::sqrt(l2) * std::sin(t) * v;
      out.push_back({glm::vec3(p, 0.0f), color});
    }
  }
}

void append_ellipsoid(const float* mean, const float* cov, const glm::vec4& color, bool dashed,
                      std::vector<LineVertex>& out) {
  Eigen::Matrix3f c;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) c(i, j) = 0.5f * (cov[3 * i + j] + cov[3 * j + i]);
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3f> solver(c);
  Eigen::Matrix3f axes = solver.eigenvectors();
  for (int k = 0; k < 3; ++k) axes.col(k) *= 2.0f * std::sqrt(std::max(solver.eigenvalues()[k], 0.0f));
  const glm::vec3 m(mean[0], mean[1], mean[2]);
  for (int plane = 0; plane < 3; ++plane) {  // the ellipses spanned by axis pairs (0,1), (1,2), (2,0)
    const Eigen::Vector3f u = axes.col(plane), v = axes.col((plane + 1) % 3);
    for (int k = 0; k < kSegments; k += dashed ? 2 : 1)
      for (int end = 0; end < 2; ++end) {
        const float t = 2.0f * static_cast<float>(M_PI) * static_cast<float>(k + end) / kSegments;
        const Eigen::Vector3f p = std::cos(t) * u + std::sin(t) * v;
        out.push_back({m + glm::vec3(p.x(), p.y(), p.z()), color});
      }
  }
}

}  // namespace monge
