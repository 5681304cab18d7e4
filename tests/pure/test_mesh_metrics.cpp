// Mesh metrics: Chamfer and Hausdorff against closed forms (and a brute-force nearest neighbour),
// the triangle-triangle predicates, self-intersections, and flipped faces.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_metrics.hpp"
#include "solvers/mesh/point_kdtree.hpp"
#include "solvers/mesh/triangle_intersection.hpp"

using namespace monge;
using namespace monge::mesh;

namespace {

Points points_from(std::initializer_list<std::array<float, 3>> rows) {
  Points p(static_cast<Eigen::Index>(rows.size()), 3);
  Eigen::Index i = 0;
  for (const auto& r : rows) p.row(i++) << r[0], r[1], r[2];
  return p;
}

// Two meshes in one (vertices and faces appended).
TriangleMesh combined(const TriangleMesh& a, const TriangleMesh& b) {
  TriangleMesh out;
  out.vertices.resize(a.vertex_count() + b.vertex_count(), 3);
  out.vertices << a.vertices, b.vertices;
  out.faces = a.faces;
  for (std::int32_t v : b.faces) out.faces.push_back(v + a.vertex_count());
  return out;
}

}  // namespace

TEST(NearestNeighbours, KdTreeMatchesBruteForce) {
  const CounterRng rng(11, 0);
  Points cloud(2000, 3), queries(500, 3);
  for (int i = 0; i < 2000; ++i) cloud.row(i) << rng.normal(3 * i), rng.normal(3 * i + 1), 0.1f * rng.normal(3 * i + 2);
  for (int i = 0; i < 500; ++i) queries.row(i) << rng.normal(9000 + 3 * i), rng.normal(9001 + 3 * i), rng.normal(9002 + 3 * i);
  cloud.row(17) = cloud.row(18);  // a duplicate point
  const PointKdTree tree(cloud);
  const std::vector<float> fast = nearest_squared_distances(tree, queries);
  for (int q = 0; q < 500; ++q) {
    float best = std::numeric_limits<float>::infinity();
    for (int i = 0; i < 2000; ++i) best = std::min(best, (cloud.row(i) - queries.row(q)).squaredNorm());
    EXPECT_FLOAT_EQ(fast[static_cast<std::size_t>(q)], best) << q;
  }
  int index = -1;
  const float q[3] = {cloud(42, 0), cloud(42, 1), cloud(42, 2)};
  EXPECT_EQ(tree.nearest_squared_distance(q, &index), 0.0f);
  EXPECT_EQ(index, 42);
}

TEST(Chamfer, ClosedForms) {
  // a -> b: 1; b -> a: (1 + 9) / 2.
  EXPECT_DOUBLE_EQ(chamfer_points(points_from({{0, 0, 0}}), points_from({{1, 0, 0}, {3, 0, 0}})), 1.0 + 5.0);
  const TriangleMesh sphere = icosphere(4);
  EXPECT_EQ(chamfer(sphere, sphere, 5000, 1), 0.0);  // same samples on the same mesh
  // Concentric spheres r1 = 1, r2 = 1.2: each direction ~ (r1 - r2)^2, plus a sampling floor of
  // about area / (pi * samples) per direction (the tangential gap to the nearest sample).
  const TriangleMesh outer = uv_sphere(96, 192, 1.2f);
  const int samples = 20000;
  const double value = chamfer(sphere, outer, samples, 2);
  const double floor = (4 * M_PI * (1.0 + 1.44)) / (M_PI * samples);
  EXPECT_NEAR(value, 2 * 0.2 * 0.2, 0.03 * 0.08 + floor) << "floor " << floor;
  EXPECT_GT(value, 2 * 0.19 * 0.19);
  EXPECT_DOUBLE_EQ(chamfer(outer, sphere, samples, 2), value);  // symmetric
  EXPECT_THROW(chamfer_points(Points(0, 3), sphere.vertices), InputError);
}

TEST(Hausdorff, ClosedForms) {
  // b_i sits 0.1 i above a_i, and a_i's nearest neighbour is b_i (and back): the 20 pooled
  // distances are 0, 0, 0.1, 0.1, ..., 0.9, 0.9; nearest-rank 90th percentile = 18th = 0.8.
  Points a(10, 3), b(10, 3);
  for (int i = 0; i < 10; ++i) {
    a.row(i) << static_cast<float>(i), 0, 0;
    b.row(i) << static_cast<float>(i), 0, 0.1f * static_cast<float>(i);
  }
  const HausdorffDistance h = hausdorff_points(a, b);
  EXPECT_NEAR(h.max, 0.9, 1e-6);
  EXPECT_NEAR(h.p90, 0.8, 1e-6);
  // Concentric spheres: every nearest-neighbour distance is at least |r1 - r2| and barely more.
  const HausdorffDistance spheres = hausdorff(icosphere(4), uv_sphere(96, 192, 1.2f), 20000, 3);
  EXPECT_GT(spheres.p90, 0.199);
  EXPECT_LT(spheres.p90, 0.205);
  EXPECT_GT(spheres.max, 0.199);
  EXPECT_LT(spheres.max, 0.22);
  EXPECT_EQ(hausdorff(icosphere(2), icosphere(2), 1000, 0).max, 0.0);
}

TEST(TrianglePredicates, KnownConfigurations) {
  const Vec3d t[3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
  auto tri = [](Vec3d a, Vec3d b, Vec3d c) { return std::array<Vec3d, 3>{a, b, c}; };
  const auto piercing = tri({0.2, 0.2, -1}, {0.2, 0.2, 1}, {0.3, 0.25, 1});
  const auto above = tri({0, 0, 0.1}, {1, 0, 0.1}, {0, 1, 0.1});
  const auto touching = tri({1, 0, 0}, {2, 0, 1}, {2, 0, -1});  // meets t at its corner only
  const auto coplanar_overlap = tri({0.1, 0.1, 0}, {2, 0.1, 0}, {0.1, 2, 0});
  const auto coplanar_apart = tri({1, 1, 0}, {2, 1, 0}, {1, 2, 0});
  const auto coplanar_inside = tri({0.1, 0.1, 0}, {0.2, 0.1, 0}, {0.1, 0.2, 0});
  EXPECT_TRUE(triangles_intersect(t, piercing.data()));
  EXPECT_FALSE(triangles_intersect(t, above.data()));
  EXPECT_TRUE(triangles_intersect(t, touching.data()));
  EXPECT_TRUE(triangles_intersect(t, coplanar_overlap.data()));
  EXPECT_FALSE(triangles_intersect(t, coplanar_apart.data()));
  EXPECT_TRUE(triangles_intersect(t, coplanar_inside.data()));
  EXPECT_TRUE(triangles_intersect(coplanar_inside.data(), t));
  // Sharing corner s = origin: a fan neighbour meets t only at s; a fin through t's middle does not.
  EXPECT_FALSE(triangles_sharing_vertex_intersect(t[0], t[1], t[2], {-1, 0, 0}, {0, -1, 0.5}));
  EXPECT_TRUE(triangles_sharing_vertex_intersect(t[0], t[1], t[2], {1, 1, 1}, {1, 1, -1}));
  EXPECT_TRUE(triangles_sharing_vertex_intersect(t[0], t[1], t[2], {0.5, 0.1, 0}, {0.1, 0.5, 0}));  // coplanar, inside
  // Sharing edge (0,0,0)-(1,0,0): a hinge is fine, a flat fold onto t is not.
  EXPECT_FALSE(triangles_sharing_edge_overlap(t[0], t[1], t[2], {0.5, -1, 0}));
  EXPECT_FALSE(triangles_sharing_edge_overlap(t[0], t[1], t[2], {0.5, 1, 1}));
  EXPECT_TRUE(triangles_sharing_edge_overlap(t[0], t[1], t[2], {0.5, 0.3, 0}));
}

TEST(SelfIntersections, CleanMeshesHaveNone) {
  EXPECT_EQ(self_intersections(blob(BlobParams{8, 1.5f, 3, 4})).faces, 0);
  EXPECT_EQ(self_intersections(ellipsoid(3, 1, 0.2f, 4)).faces, 0);
  EXPECT_EQ(self_intersections(combined(icosphere(2), [] {
              TriangleMesh far = icosphere(2);
              far.vertices.col(0).array() += 2.5f;
              return far;
            }())).faces, 0);
  // Every face with its own three vertex copies (as exporters write at UV seams): welded, still clean.
  const TriangleMesh sphere = icosphere(2);
  TriangleMesh split;
  split.vertices.resize(3 * sphere.face_count(), 3);
  for (int k = 0; k < 3 * sphere.face_count(); ++k) {
    split.vertices.row(k) = sphere.vertices.row(sphere.faces[static_cast<std::size_t>(k)]);
    split.faces.push_back(k);
  }
  EXPECT_EQ(self_intersections(split).faces, 0);
}

TEST(SelfIntersections, DetectsCrossingSurfaces) {
  // A vertex pushed through the opposite side drags its faces across the sphere.
  TriangleMesh pushed = icosphere(2);
  pushed.vertices.row(0) *= -1.3f;
  const SelfIntersections hit = self_intersections(pushed);
  EXPECT_GT(hit.faces, 5);
  EXPECT_LT(hit.fraction, 0.2);
  // Two overlapping copies: only faces near the intersection curve count.
  TriangleMesh shifted = icosphere(3);
  shifted.vertices.col(0).array() += 0.5f;
  const SelfIntersections overlap = self_intersections(combined(icosphere(3), shifted));
  EXPECT_GT(overlap.fraction, 0.01);
  EXPECT_LT(overlap.fraction, 0.3);
  // Duplicate faces cover each other.
  TriangleMesh doubled = icosphere(0);
  doubled.faces.insert(doubled.faces.end(), {0, 11, 5});
  EXPECT_EQ(self_intersections(doubled).faces, 2);
}

TEST(FlippedFaces, MirroredMesh) {
  // Mirroring x -> -x maps a face normal n to (n_x, -n_y, -n_z): flipped iff n_x^2 < n_y^2 + n_z^2,
  // about 1/sqrt(2) of a sphere's area.
  const TriangleMesh before = icosphere(3);
  TriangleMesh after = before;
  after.vertices.col(0) *= -1.0f;
  const Points n = face_normals(before);
  int expected = 0;
  for (int f = 0; f < before.face_count(); ++f) expected += n(f, 0) * n(f, 0) < n(f, 1) * n(f, 1) + n(f, 2) * n(f, 2);
  const FlippedFaces flipped = flipped_faces(before, after);
  EXPECT_EQ(flipped.faces, expected);
  EXPECT_NEAR(flipped.fraction, 1 / std::sqrt(2.0), 0.03);
  EXPECT_EQ(flipped_faces(before, before).faces, 0);
  // Turning inside out through the origin keeps every normal vector: nothing "flips".
  TriangleMesh inverted = before;
  inverted.vertices *= -1.0f;
  EXPECT_EQ(flipped_faces(before, inverted).faces, 0);
  EXPECT_THROW(flipped_faces(before, icosphere(2)), InputError);
}

TEST(Geometry, AreaVolumeBox) {
  TriangleMesh tetra;
  tetra.vertices = points_from({{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  tetra.faces = {0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3};
  EXPECT_NEAR(signed_volume(tetra), 1.0 / 6.0, 1e-7);
  EXPECT_NEAR(surface_area(tetra), 1.5 + std::sqrt(3.0) / 2, 1e-6);
  EXPECT_EQ(mesh_topology(tetra).euler_characteristic(), 2);
  EXPECT_TRUE(mesh_topology(tetra).closed_oriented_manifold());
  std::swap(tetra.faces[1], tetra.faces[2]);  // one face reversed
  EXPECT_EQ(mesh_topology(tetra).misoriented_edges, 3);
  const BoundingBox box = bounding_box(tetra.vertices);
  EXPECT_NEAR(box.diagonal(), std::sqrt(3.0f), 1e-6f);
}
