#pragma once
// Coloured line segments in one draw call: trails, transport-plan links, trajectories, ellipses.
#include <glm/glm.hpp>
#include <vector>

#include <memory>

#include "render/camera.hpp"

namespace monge {

class ShaderProgram;

struct LineVertex {
  glm::vec3 position;
  glm::vec4 color;
};

class LineRenderer {
 public:
  LineRenderer();
  ~LineRenderer();
  LineRenderer(const LineRenderer&) = delete;
  LineRenderer& operator=(const LineRenderer&) = delete;

  // Segments as vertex pairs (GL_LINES); the buffer grows geometrically and is reused.
  void draw(const std::vector<LineVertex>& segments, const Camera& camera, const Viewport& vp,
            float width_px = 1.0f);

 private:
  std::unique_ptr<ShaderProgram> program_;
  unsigned int vao_ = 0, vbo_ = 0;  // GL names
  std::size_t capacity_ = 0;
};

}  // namespace monge
