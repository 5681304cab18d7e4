#pragma once
// Triangle meshes: smooth (area-weighted vertex normals) or flat shading, two-sided Blinn-Phong
// lighting (a headlight and a fill light), colour by a per-vertex scalar through a colormap,
// a single-pass wireframe overlay and translucency.
//
// Wireframe: one pass through a geometry shader that gives each fragment its distance in pixels
// to the triangle's edges (the "solid wireframe" method), blended over the shaded colour. A
// second GL_LINES pass was the alternative; it needs an edge index buffer, a depth offset that
// still lets lines z-fight at silhouettes, and core-profile lines are only guaranteed 1 px wide
// and aliased. The geometry shader gives anti-aliased lines of any width, hidden where the
// surface is, and runs only when the overlay is on (see docs/rendering.md for the cost).
//
// Translucency (opacity < 1): drawn with depth test on, depth writes off and back faces culled,
// so a closed convex mesh shows its front layer blended over whatever was drawn before it. Draw
// opaque meshes first and translucent ones after; overlapping translucent layers of one mesh are
// not sorted (a concave mesh can show its inner front faces in draw order).
//
// Data lives in a MeshBuffer (one per mesh), shaders in one shared MeshRenderer, as for points.
#include <glm/glm.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "render/camera.hpp"
#include "render/colormap.hpp"

namespace monge {

class ShaderProgram;
class ColormapTextures;

enum class MeshShading { Smooth, Flat };

struct MeshStyle {
  MeshShading shading = MeshShading::Smooth;
  glm::vec3 color{0.72f, 0.75f, 0.82f};        // base colour when the scalar is not used
  bool use_scalar = false;                      // colour by MeshBuffer scalars (if set) through the colormap
  Colormap colormap = Colormap::Viridis;
  glm::vec2 scalar_range{0.0f, 1.0f};           // scalar values mapped to the colormap's ends
  float opacity = 1.0f;                         // < 1: translucent pass (see the header comment)
  bool wireframe = false;                       // overlay the triangle edges
  glm::vec4 wire_color{0.05f, 0.05f, 0.07f, 1.0f};  // alpha blends the lines over the surface
  float wire_width = 1.0f;                      // pixels
  float specular = 0.25f;                       // Blinn-Phong highlight strength (0 = matte)
};

// Area-weighted vertex normals: each face adds its unnormalised normal (cross product, twice its
// area, oriented by the counter-clockwise winding) to its three vertices; the sums are normalised.
// V: nv x 3 positions, F: nf x 3 vertex indices (checked by the caller), normals: nv x 3 output.
// A vertex used by no face (or only by degenerate ones) gets (0, 0, 1).
void compute_vertex_normals(const float* V, int nv, const std::int32_t* F, int nf, float* normals);

// GPU copy of one triangle mesh. Positions change every frame during a deformation:
// update_positions re-uploads positions and normals in place, allocating nothing.
class MeshBuffer {
 public:
  MeshBuffer();  // needs a current GL 4.5 context
  ~MeshBuffer();
  MeshBuffer(const MeshBuffer&) = delete;
  MeshBuffer& operator=(const MeshBuffer&) = delete;

  // V: nv x 3 vertex positions (row-major, contiguous); F: nf x 3 vertex indices, counter-
  // clockwise seen from outside. Throws InputError naming the face if an index is outside
  // [0, nv). Drops scalars set for another vertex count. GPU buffers grow geometrically.
  void set_mesh(const float* V, int nv, const std::int32_t* F, int nf);
  // New positions for the same connectivity (nv x 3 floats): recomputes normals on the CPU
  // (O(faces), no allocation) and re-uploads positions and normals with glBufferSubData.
  void update_positions(const float* V);
  // nv scalars, one per vertex, for MeshStyle::use_scalar. Throws InputError on a count mismatch.
  void set_scalars(const float* values, int n);
  void clear_scalars();

  int vertex_count() const { return vertex_count_; }
  int face_count() const { return face_count_; }
  bool has_scalars() const { return has_scalars_; }
  unsigned int vao() const { return vao_; }
  // Bytes uploaded since reset_upload_counter() (checks that per-frame updates stay small).
  std::size_t uploaded_bytes() const { return uploaded_; }
  void reset_upload_counter() { uploaded_ = 0; }

 private:
  void enable_scalars(bool on);
  void upload(unsigned int target, unsigned int buffer, std::size_t& capacity, const void* data, std::size_t bytes);
  unsigned int vao_ = 0, positions_ = 0, normals_ = 0, scalars_ = 0, indices_ = 0;  // GL names
  std::size_t positions_capacity_ = 0, normals_capacity_ = 0, scalars_capacity_ = 0, indices_capacity_ = 0;
  std::size_t uploaded_ = 0;
  int vertex_count_ = 0, face_count_ = 0;
  bool has_scalars_ = false;
  std::vector<std::int32_t> faces_;  // kept for the normal recomputation
  std::vector<float> normals_cpu_;   // nv x 3, reused every update
};

class MeshRenderer {
 public:
  MeshRenderer();  // needs a current GL 4.5 context; compiles both programs once
  ~MeshRenderer();
  MeshRenderer(const MeshRenderer&) = delete;
  MeshRenderer& operator=(const MeshRenderer&) = delete;

  // Draws with the camera's matrices (the same as the points' 3D path) into the current
  // target. Leaves depth test on, depth writes on, culling off and blending on.
  void draw(const MeshBuffer& mesh, const MeshStyle& style, const Camera& camera, const Viewport& vp);

 private:
  std::unique_ptr<ShaderProgram> surface_;    // mesh.vert + mesh.frag
  std::unique_ptr<ShaderProgram> wireframe_;  // mesh.vert + mesh_wireframe.geom.glsl + mesh.frag
  std::unique_ptr<ColormapTextures> colormaps_;
};

}  // namespace monge
