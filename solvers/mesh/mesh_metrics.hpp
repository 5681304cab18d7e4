#pragma once
// Quality metrics of a deformed mesh, as commonly reported (arXiv 2305.17555 and the cortical
// surface reconstruction literature): Chamfer and Hausdorff distances to a target, the fraction of
// self-intersecting faces, and faces whose orientation flipped. Geometry (area, volume, normals,
// bounding box) is in mesh_geometry.hpp, included here.
//
// Speed: nearest neighbours go through a k-d tree and self-intersections through a BVH over face
// boxes, both O(N log N); a 10k-vertex mesh takes a few tens of milliseconds on 2 cores.
#include <cstdint>

#include "solvers/common/types.hpp"
#include "solvers/mesh/mesh.hpp"
#include "solvers/mesh/mesh_geometry.hpp"

namespace monge::mesh {

// Chamfer distance between point sets: mean over a of min_b |a - b|^2 plus mean over b of
// min_a |a - b|^2 (the SUM of the two means, squared distances). A and B are N by 3 and M by 3,
// both non-empty.
double chamfer_points(const Points& a, const Points& b);

// Chamfer between surfaces: chamfer_points on `samples` area-uniform surface samples of each mesh
// (sample_surface with `seed`, stream 0 for a and 1 for b). Two concentric spheres of radii
// r1, r2 give about 2 (r1 - r2)^2.
double chamfer(const TriangleMesh& a, const TriangleMesh& b, int samples = 10000, std::uint64_t seed = 0);

// Symmetric nearest-neighbour distances (not squared): `max` is the Hausdorff distance between
// the sample sets, `p90` the 90th percentile of the pooled distances of both directions (the
// robust variant reported in the literature).
struct HausdorffDistance {
  double max = 0;
  double p90 = 0;
};
HausdorffDistance hausdorff_points(const Points& a, const Points& b);
// On `samples` area-uniform samples of each surface, as chamfer().
HausdorffDistance hausdorff(const TriangleMesh& a, const TriangleMesh& b, int samples = 10000,
                            std::uint64_t seed = 0);

// Faces that belong to at least one intersecting pair of triangles.
//   Pairs sharing no vertex: closed triangle-triangle test (touching counts).
//   Pairs sharing one vertex s: they intersect only if they meet somewhere other than s, i.e. the
//     edge of either opposite s meets the other triangle.
//   Pairs sharing an edge: counted only when coplanar and folded onto each other (the two opposite
//     vertices on the same side of the edge); otherwise they meet just along the edge.
//   Pairs sharing all three vertices (duplicate faces) overlap and are counted.
//   Vertices at bit-identical positions count as one vertex (meshes split at UV seams are not
//   reported), and zero-area faces are skipped.
struct SelfIntersections {
  int faces = 0;        // faces in at least one intersecting pair
  double fraction = 0;  // faces / face_count
};
SelfIntersections self_intersections(const TriangleMesh& mesh);

// Faces whose unit normal reversed between `before` and `after` (dot(n_before, n_after) < 0);
// both must have the same faces (InputError otherwise). Degenerate faces are not counted.
struct FlippedFaces {
  int faces = 0;
  double fraction = 0;  // faces / face_count
};
FlippedFaces flipped_faces(const TriangleMesh& before, const TriangleMesh& after);

}  // namespace monge::mesh
