#pragma once
// How a point set is drawn: shared by the GL point renderer and the CPU splat (point_splat.hpp).
#include <glm/glm.hpp>

#include "render/colormap.hpp"

namespace monge {

struct PointStyle {
  float size = 3.0f;              // diameter in pixels, or in world units with size_in_world
  bool size_in_world = false;
  bool use_scalar = true;         // colour through the colormap, else `color`
  Colormap colormap = Colormap::Viridis;
  glm::vec2 scalar_range{0.0f, 1.0f};
  glm::vec4 color{0.9f, 0.9f, 0.9f, 1.0f};  // solid colour; its alpha is the opacity in both cases
};

}  // namespace monge
