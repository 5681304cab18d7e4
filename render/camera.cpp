#include "render/camera.hpp"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

namespace monge {
namespace {
constexpr float kMaxPitch = 1.5533f;  // 89 degrees: avoids the up-vector singularity
constexpr float kOrbitRadiansPerPixel = 0.008f;
constexpr float kFitMargin = 1.08f;
}  // namespace

glm::vec3 Camera::eye() const {
  const float cp = std::cos(pitch);
  return target + distance * glm::vec3(cp * std::cos(yaw), cp * std::sin(yaw), std::sin(pitch));
}

glm::mat4 Camera::view_matrix() const {
  if (mode == ViewMode::Planar2D)
    return glm::translate(glm::mat4(1.0f), glm::vec3(-center, 0.0f));
  return glm::lookAt(eye(), target, glm::vec3(0, 0, 1));
}

glm::mat4 Camera::projection_matrix(float aspect) const {
  if (mode == ViewMode::Planar2D) {
    const float h = half_height, w = half_height * aspect;
    return glm::ortho(-w, w, -h, h, -100.0f, 100.0f);
  }
  const float near_plane = std::max(1e-3f, distance * 0.01f), far_plane = distance * 100.0f;
  if (projection == Projection::Perspective) return glm::perspective(fov_y, aspect, near_plane, far_plane);
  // Orthographic with the same apparent size at the target's depth as the perspective view.
  const float h = distance * std::tan(fov_y * 0.5f), w = h * aspect;
  return glm::ortho(-w, w, -h, h, -far_plane, far_plane);
}

float Camera::world_per_pixel(const Viewport& vp) const {
  const float h = mode == ViewMode::Planar2D ? half_height : distance * std::tan(fov_y * 0.5f);
  return 2.0f * h / static_cast<float>(std::max(vp.height, 1));
}

glm::vec2 Camera::pixel_to_world(glm::vec2 pixel, const Viewport& vp) const {
  const float s = world_per_pixel(vp);
  const glm::vec2 from_centre(pixel.x - vp.width * 0.5f, vp.height * 0.5f - pixel.y);
  return center + s * from_centre;
}

void Camera::pan(glm::vec2 pixel_delta, const Viewport& vp) {
  const float s = world_per_pixel(vp);
  if (mode == ViewMode::Planar2D) {
    center -= s * glm::vec2(pixel_delta.x, -pixel_delta.y);
    return;
  }
  // Move the target in the camera's own right/up plane.
  const glm::vec3 forward = glm::normalize(target - eye());
  const glm::vec3 right = glm::normalize(glm::cross(forward, glm::vec3(0, 0, 1)));
  const glm::vec3 up = glm::cross(right, forward);
  target -= s * (pixel_delta.x * right - pixel_delta.y * up);
}

void Camera::zoom_at(float factor, glm::vec2 cursor_pixel, const Viewport& vp) {
  if (!(factor > 0.0f)) return;
  if (mode == ViewMode::Planar2D) {
    const glm::vec2 anchor = pixel_to_world(cursor_pixel, vp);
    half_height = std::clamp(half_height / factor, 1e-6f, 1e6f);
    center += anchor - pixel_to_world(cursor_pixel, vp);  // keep the anchor under the cursor
    return;
  }
  distance = std::clamp(distance / factor, 1e-4f, 1e6f);
}

void Camera::orbit(glm::vec2 pixel_delta) {
  yaw -= pixel_delta.x * kOrbitRadiansPerPixel;
  pitch = std::clamp(pitch + pixel_delta.y * kOrbitRadiansPerPixel, -kMaxPitch, kMaxPitch);
}

void Camera::fit(glm::vec3 lo, glm::vec3 hi, const Viewport& vp) {
  const glm::vec3 mid = 0.5f * (lo + hi), ext = glm::max(hi - lo, glm::vec3(1e-6f));
  if (mode == ViewMode::Planar2D) {
    center = glm::vec2(mid);
    half_height = 0.5f * kFitMargin * std::max(ext.y, ext.x / vp.aspect());
    return;
  }
  target = mid;
  const float radius = 0.5f * glm::length(ext);
  const float half_fov = 0.5f * std::min(fov_y, 2.0f * std::atan(std::tan(0.5f * fov_y) * vp.aspect()));
  distance = kFitMargin * radius / std::sin(half_fov);
}

void Camera::reset() {
  const Camera defaults;
  center = defaults.center;
  half_height = defaults.half_height;
  target = defaults.target;
  yaw = defaults.yaw;
  pitch = defaults.pitch;
  distance = defaults.distance;
  fov_y = defaults.fov_y;
}

}  // namespace monge
