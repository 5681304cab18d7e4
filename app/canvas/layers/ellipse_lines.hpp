#pragma once
// Gaussians drawn as their 2-standard-deviation ellipses, as line segments.
#include <glm/glm.hpp>
#include <vector>

#include "render/gl/line_renderer.hpp"

namespace monge {

// A 2D Gaussian's mean and covariance.
struct Gaussian2 {
  float mean[2] = {0, 0};
  float cov[3] = {1, 0, 1};  // xx, xy, yy
};

// Points of the ellipse {x : (x - m)^T C^-1 (x - m) = 4} as segments (every other one if dashed).
void append_ellipse(const Gaussian2& e, const glm::vec4& color, bool dashed, std::vector<LineVertex>& out);

// A 3D Gaussian's ellipsoid at 2 standard deviations, as its three principal ellipses.
// mean: 3 floats, cov: 3x3 row-major.
void append_ellipsoid(const float* mean, const float* cov, const glm::vec4& color, bool dashed,
                      std::vector<LineVertex>& out);

}  // namespace monge
