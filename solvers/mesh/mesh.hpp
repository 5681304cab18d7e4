#pragma once
// A triangle surface mesh: the type shared by the mesh loaders, the built-in shapes, the
// mesh-to-measure samplers, the quality metrics (solvers/mesh/) and the ODE deformation
// (solvers/deform/). Vertices are monge::Points (V by 3, row-major float) so that a deformation
// moves them with the same code that moves particles, and the renderer uploads them as they are.
#include <cstdint>
#include <vector>

#include "solvers/common/types.hpp"

namespace monge::mesh {

struct TriangleMesh {
  Points vertices;                     // V by 3
  std::vector<std::int32_t> faces;     // 3F vertex indices, counter-clockwise seen from outside

  int vertex_count() const { return static_cast<int>(vertices.rows()); }
  int face_count() const { return static_cast<int>(faces.size() / 3); }
};

}  // namespace monge::mesh
