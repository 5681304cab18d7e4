#include "solvers/mesh/mesh_geometry.hpp"

#include <Eigen/Geometry>
#include <algorithm>
#include <unordered_map>

namespace monge::mesh {

namespace {

Eigen::Vector3f corner(const Points& vertices, const FaceList& faces, int f, int k) {
  return vertices.row(faces[3 * f + k]).transpose();
}

// (v1 - v0) x (v2 - v0): twice the area, along the normal.
Eigen::Vector3f doubled_area_vector(const Points& vertices, const FaceList& faces, int f) {
  const Eigen::Vector3f v0 = corner(vertices, faces, f, 0);
  return (corner(vertices, faces, f, 1) - v0).cross(corner(vertices, faces, f, 2) - v0);
}

}  // namespace

Eigen::VectorXf face_areas(const Points& vertices, const FaceList& faces) {
  const int face_count = static_cast<int>(faces.size() / 3);
  Eigen::VectorXf areas(face_count);
  for (int f = 0; f < face_count; ++f) areas[f] = 0.5f * doubled_area_vector(vertices, faces, f).norm();
  return areas;
}

Points face_normals(const Points& vertices, const FaceList& faces) {
  const int face_count = static_cast<int>(faces.size() / 3);
  Points normals(face_count, 3);
  for (int f = 0; f < face_count; ++f) {
    const Eigen::Vector3f m = doubled_area_vector(vertices, faces, f);
    const float length = m.norm();
    // Component by component: Eigen's packet copy of a 3-vector into a row trips GCC 12's -Warray-bounds.
    for (int k = 0; k < 3; ++k) normals(f, k) = length > 0 ? m[k] / length : 0.0f;
  }
  return normals;
}

Points face_centroids(const Points& vertices, const FaceList& faces) {
  const int face_count = static_cast<int>(faces.size() / 3);
  Points centroids(face_count, 3);
  for (int f = 0; f < face_count; ++f) {
    centroids.row(f) = (vertices.row(faces[3 * f]) + vertices.row(faces[3 * f + 1]) +
                        vertices.row(faces[3 * f + 2])) / 3.0f;
  }
  return centroids;
}

double surface_area(const TriangleMesh& mesh) {
  double area = 0;
  for (int f = 0; f < mesh.face_count(); ++f) {
    area += 0.5 * static_cast<double>(doubled_area_vector(mesh.vertices, mesh.faces, f).norm());
  }
  return area;
}

double signed_volume(const TriangleMesh& mesh) {
  double volume = 0;
  for (int f = 0; f < mesh.face_count(); ++f) {
    const Eigen::Vector3d v0 = corner(mesh.vertices, mesh.faces, f, 0).cast<double>();
    const Eigen::Vector3d v1 = corner(mesh.vertices, mesh.faces, f, 1).cast<double>();
    const Eigen::Vector3d v2 = corner(mesh.vertices, mesh.faces, f, 2).cast<double>();
    volume += v0.dot(v1.cross(v2));
  }
  return volume / 6.0;
}

BoundingBox bounding_box(const Points& vertices) {
  BoundingBox box;
  if (vertices.rows() == 0) return box;
  box.min = vertices.colwise().minCoeff().transpose();
  box.max = vertices.colwise().maxCoeff().transpose();
  return box;
}

MeshTopology mesh_topology(const TriangleMesh& mesh) {
  // Key: undirected edge (lo, hi). Value: face count and the net direction (+1 for lo->hi,
  // -1 for hi->lo); a consistently oriented two-face edge has net direction 0.
  struct EdgeUse {
    int faces = 0;
    int net_direction = 0;
  };
  std::unordered_map<std::uint64_t, EdgeUse> edges;
  edges.reserve(mesh.faces.size());
  for (int f = 0; f < mesh.face_count(); ++f) {
    for (int k = 0; k < 3; ++k) {
      const std::int32_t a = mesh.faces[3 * f + k], b = mesh.faces[3 * f + (k + 1) % 3];
      const std::uint64_t lo = static_cast<std::uint32_t>(std::min(a, b));
      const std::uint64_t hi = static_cast<std::uint32_t>(std::max(a, b));
      EdgeUse& use = edges[(lo << 32) | hi];
      use.faces += 1;
      use.net_direction += a < b ? 1 : -1;
    }
  }
  MeshTopology topology;
  topology.vertices = mesh.vertex_count();
  topology.faces = mesh.face_count();
  topology.edges = static_cast<int>(edges.size());
  for (const auto& entry : edges) {
    const EdgeUse& use = entry.second;
    if (use.faces == 1) ++topology.boundary_edges;
    if (use.faces > 2) ++topology.non_manifold_edges;
    if (use.faces == 2 && use.net_direction != 0) ++topology.misoriented_edges;
  }
  return topology;
}

}  // namespace monge::mesh
