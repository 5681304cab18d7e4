#pragma once
// Per-face geometry and whole-mesh measurements of a TriangleMesh (or of deformed vertices with
// the same faces). Sums are accumulated in double.
//   vertices  V by 3,  faces  3F indices (as in TriangleMesh).
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/mesh/mesh.hpp"

namespace monge::mesh {

using FaceList = std::vector<std::int32_t>;

// F areas.
Eigen::VectorXf face_areas(const Points& vertices, const FaceList& faces);
// F by 3 unit normals (right-hand rule on the corner order: outward for outward-oriented faces);
// a degenerate (zero-area) face gets the zero vector.
Points face_normals(const Points& vertices, const FaceList& faces);
inline Points face_normals(const TriangleMesh& mesh) { return face_normals(mesh.vertices, mesh.faces); }
// F by 3 face centroids.
Points face_centroids(const Points& vertices, const FaceList& faces);

double surface_area(const TriangleMesh& mesh);
// Signed enclosed volume, sum over faces of det(v0, v1, v2) / 6: positive for a closed mesh with
// outward faces, negative when every face is reversed; meaningless for open meshes.
double signed_volume(const TriangleMesh& mesh);

struct BoundingBox {
  Eigen::Vector3f min = Eigen::Vector3f::Zero();
  Eigen::Vector3f max = Eigen::Vector3f::Zero();
  float diagonal() const { return (max - min).norm(); }
  Eigen::Vector3f center() const { return 0.5f * (min + max); }
};
// Axis-aligned box of the vertices (all zero for no vertices).
BoundingBox bounding_box(const Points& vertices);

// Edge structure, counted on undirected edges {i, j}.
struct MeshTopology {
  int vertices = 0, edges = 0, faces = 0;
  int boundary_edges = 0;        // edges with one face
  int non_manifold_edges = 0;    // edges with more than two faces
  int misoriented_edges = 0;     // two-face edges traversed in the same direction by both faces
  int euler_characteristic() const { return vertices - edges + faces; }  // V - E + F
  // Watertight and consistently oriented: every edge has exactly two faces that traverse it in
  // opposite directions.
  bool closed_oriented_manifold() const {
    return boundary_edges == 0 && non_manifold_edges == 0 && misoriented_edges == 0;
  }
};
MeshTopology mesh_topology(const TriangleMesh& mesh);

}  // namespace monge::mesh
