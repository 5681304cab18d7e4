#pragma once
// Scalar fields on a regular 2D grid (monge::DensityGrid) drawn as one textured quad in world
// space under the camera: the values live in a float texture (R32F) updated in place every
// frame, the colormap is looked up in the fragment shader (after interpolating the values, so
// bilinear filtering never mixes colours), obstacle cells take a fixed colour.
// Grid convention (as the solvers use it): the bounds x0..x1, y0..y1 are the outer cell edges,
// cell (i, j) is centred at (x0 + (i + 0.5) hx, y0 + (j + 0.5) hy), row j = 0 at the bottom.
// The colour bar and the value range helper are GL-free: render/colorbar.hpp.
#include <glm/glm.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "render/camera.hpp"
#include "render/colormap.hpp"
#include "base/density_grid.hpp"

namespace monge {

class ShaderProgram;
class ColormapTextures;

struct FieldStyle {
  Colormap colormap = Colormap::Viridis;
  glm::vec2 range{0.0f, 1.0f};     // values mapped to the colormap's ends, clamped outside
  bool log_scale = false;          // map log(v) linearly between log(lo) and log(hi); needs lo > 0
  bool bilinear = true;            // interpolate values between cell centres, else nearest cell
  bool hide_below = false;         // cells (fragments) whose value is below `threshold` are not drawn
  float threshold = 0.0f;
  glm::vec3 obstacle_color{0.5f, 0.5f, 0.5f};
  float opacity = 1.0f;            // alpha of the whole field
};

// GPU copy of one grid: a value texture and, when the grid has one, an obstacle mask texture.
// Textures are reallocated only when nx or ny change; otherwise glTexSubImage2D in place.
class FieldTexture {
 public:
  FieldTexture();  // needs a current GL 4.5 context
  ~FieldTexture();
  FieldTexture(const FieldTexture&) = delete;
  FieldTexture& operator=(const FieldTexture&) = delete;

  // Values, bounds and the obstacle mask (an empty mask clears it). Throws InputError if
  // values (or a non-empty mask) do not hold nx * ny entries, or the bounds are empty.
  void set_grid(const DensityGrid& grid);
  // New values for the grid last set (nx * ny floats, row-major): the per-frame update.
  void update_values(const float* values);

  int nx() const { return nx_; }
  int ny() const { return ny_; }
  glm::vec4 bounds() const { return bounds_; }  // x0, y0, x1, y1
  bool has_obstacles() const { return has_obstacles_; }
  unsigned int values_texture() const { return values_; }
  unsigned int obstacle_texture() const { return obstacles_; }
  // Bytes uploaded since reset_upload_counter(), and how many times storage was (re)allocated.
  std::size_t uploaded_bytes() const { return uploaded_; }
  int allocations() const { return allocations_; }
  void reset_upload_counter() { uploaded_ = 0; }

 private:
  unsigned int values_ = 0, obstacles_ = 0;  // GL names
  int nx_ = 0, ny_ = 0;
  glm::vec4 bounds_{0.0f, 0.0f, 1.0f, 1.0f};
  bool has_obstacles_ = false;
  std::size_t uploaded_ = 0;
  int allocations_ = 0;
};

class FieldRenderer {
 public:
  FieldRenderer();  // needs a current GL 4.5 context
  ~FieldRenderer();
  FieldRenderer(const FieldRenderer&) = delete;
  FieldRenderer& operator=(const FieldRenderer&) = delete;

  // Draws the field's quad with the camera's matrices (2D: z = 0 plane; works under the 3D
  // camera too). No depth test, blended "over" what is already drawn.
  void draw(const FieldTexture& field, const FieldStyle& style, const Camera& camera, const Viewport& vp);

 private:
  std::unique_ptr<ShaderProgram> program_;
  std::unique_ptr<ColormapTextures> colormaps_;
  unsigned int vao_ = 0;  // empty: the quad's corners come from gl_VertexID
  unsigned int nearest_ = 0, bilinear_ = 0;  // sampler objects: filtering is a style, not texture state
};

}  // namespace monge
