#include "solvers/mesh/mesh_metrics.hpp"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "base/errors.hpp"
#include "solvers/mesh/face_bvh.hpp"
#include "solvers/mesh/mesh_measure.hpp"
#include "solvers/mesh/point_kdtree.hpp"
#include "solvers/mesh/triangle_intersection.hpp"

namespace monge::mesh {

namespace {

void require_points(const Points& points, const char* what) {
  if (points.rows() < 1 || points.cols() != 3) throw InputError(std::string(what) + ": need a non-empty N by 3 point set");
}

double mean(const std::vector<float>& values) {
  double sum = 0;
  for (float v : values) sum += v;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

// The same (seed, stream) for both meshes: chamfer(a, b) == chamfer(b, a), and a mesh compared
// with itself gets exactly 0.
void sample_both(const TriangleMesh& a, const TriangleMesh& b, int samples, std::uint64_t seed, Points& pa, Points& pb) {
  if (samples < 1) throw InputError("surface metrics: samples must be >= 1, got " + std::to_string(samples));
  pa = evaluate_samples(a.vertices, a.faces, sample_surface(a.vertices, a.faces, samples, seed, 0));
  pb = evaluate_samples(b.vertices, b.faces, sample_surface(b.vertices, b.faces, samples, seed, 0));
}

// Vertex ids after merging bit-identical positions (-0 and +0 count as equal).
std::vector<std::int32_t> welded_vertex_ids(const Points& vertices) {
  struct Key {
    std::uint32_t bits[3];
    bool operator==(const Key& o) const { return bits[0] == o.bits[0] && bits[1] == o.bits[1] && bits[2] == o.bits[2]; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return (static_cast<std::size_t>(k.bits[0]) * 73856093u) ^ (static_cast<std::size_t>(k.bits[1]) * 19349663u) ^
             (static_cast<std::size_t>(k.bits[2]) * 83492791u);
    }
  };
  std::unordered_map<Key, std::int32_t, KeyHash> first_of;
  first_of.reserve(static_cast<std::size_t>(vertices.rows()));
  std::vector<std::int32_t> ids(static_cast<std::size_t>(vertices.rows()));
  for (Eigen::Index i = 0; i < vertices.rows(); ++i) {
    Key key;
    for (int k = 0; k < 3; ++k) {
      const float value = vertices(i, k) + 0.0f;  // -0 + 0 = +0
      std::memcpy(&key.bits[k], &value, sizeof(float));
    }
    ids[static_cast<std::size_t>(i)] = first_of.emplace(key, static_cast<std::int32_t>(i)).first->second;
  }
  return ids;
}

// Decides whether faces f and g (welded corner ids cf, cg; positions pf, pg) intersect, by how
// many corners they share (see the rules in mesh_metrics.hpp).
bool faces_intersect(const std::int32_t cf[3], const Vec3d pf[3], const std::int32_t cg[3], const Vec3d pg[3]) {
  int shared = 0, f_at[3], g_at[3];
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      if (cf[i] == cg[j]) {
        f_at[shared] = i;
        g_at[shared] = j;
        ++shared;
      }
    }
  }
  if (shared == 0) return triangles_intersect(pf, pg);
  if (shared == 1) {
    const int i = f_at[0], j = g_at[0];
    return triangles_sharing_vertex_intersect(pf[i], pf[(i + 1) % 3], pf[(i + 2) % 3], pg[(j + 1) % 3], pg[(j + 2) % 3]);
  }
  if (shared == 2) {
    const int f_other = 3 - f_at[0] - f_at[1], g_other = 3 - g_at[0] - g_at[1];
    return triangles_sharing_edge_overlap(pf[f_at[0]], pf[f_at[1]], pf[f_other], pg[g_other]);
  }
  return true;  // the same three corners: duplicate faces cover each other
}

}  // namespace

double chamfer_points(const Points& a, const Points& b) {
  require_points(a, "chamfer");
  require_points(b, "chamfer");
  const PointKdTree tree_a(a), tree_b(b);
  return mean(nearest_squared_distances(tree_b, a)) + mean(nearest_squared_distances(tree_a, b));
}

double chamfer(const TriangleMesh& a, const TriangleMesh& b, int samples, std::uint64_t seed) {
  Points pa, pb;
  sample_both(a, b, samples, seed, pa, pb);
  return chamfer_points(pa, pb);
}

HausdorffDistance hausdorff_points(const Points& a, const Points& b) {
  require_points(a, "hausdorff");
  require_points(b, "hausdorff");
  const PointKdTree tree_a(a), tree_b(b);
  std::vector<float> distances = nearest_squared_distances(tree_b, a);
  const std::vector<float> other_way = nearest_squared_distances(tree_a, b);
  distances.insert(distances.end(), other_way.begin(), other_way.end());
  HausdorffDistance result;
  result.max = std::sqrt(static_cast<double>(*std::max_element(distances.begin(), distances.end())));
  // Nearest-rank percentile: the smallest value with at least 90% of the values at or below it.
  const std::size_t rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(distances.size()))) - 1;
  std::nth_element(distances.begin(), distances.begin() + static_cast<std::ptrdiff_t>(rank), distances.end());
  result.p90 = std::sqrt(static_cast<double>(distances[rank]));
  return result;
}

HausdorffDistance hausdorff(const TriangleMesh& a, const TriangleMesh& b, int samples, std::uint64_t seed) {
  Points pa, pb;
  sample_both(a, b, samples, seed, pa, pb);
  return hausdorff_points(pa, pb);
}

SelfIntersections self_intersections(const TriangleMesh& mesh) {
  const int face_count = mesh.face_count();
  SelfIntersections result;
  if (face_count == 0) return result;
  const std::vector<std::int32_t> ids = welded_vertex_ids(mesh.vertices);
  const Eigen::VectorXf areas = face_areas(mesh.vertices, mesh.faces);

  // Boxes grown by a hair so that touching triangles are still candidates.
  const float pad = 1e-6f * std::max(bounding_box(mesh.vertices).diagonal(), 1e-30f);
  std::vector<Box3> boxes(static_cast<std::size_t>(face_count));
  std::vector<unsigned char> skip(static_cast<std::size_t>(face_count), 0);
  for (int f = 0; f < face_count; ++f) {
    Box3& box = boxes[static_cast<std::size_t>(f)];
    box.min = box.max = mesh.vertices.row(mesh.faces[3 * static_cast<std::size_t>(f)]).transpose();
    for (int k = 1; k < 3; ++k) {
      const Eigen::Vector3f p = mesh.vertices.row(mesh.faces[3 * static_cast<std::size_t>(f) + static_cast<std::size_t>(k)]).transpose();
      box.min = box.min.cwiseMin(p);
      box.max = box.max.cwiseMax(p);
    }
    box.min.array() -= pad;
    box.max.array() += pad;
    const std::int32_t* c = &mesh.faces[3 * static_cast<std::size_t>(f)];
    const bool collapsed = ids[static_cast<std::size_t>(c[0])] == ids[static_cast<std::size_t>(c[1])] ||
                           ids[static_cast<std::size_t>(c[1])] == ids[static_cast<std::size_t>(c[2])] ||
                           ids[static_cast<std::size_t>(c[2])] == ids[static_cast<std::size_t>(c[0])];
    skip[static_cast<std::size_t>(f)] = collapsed || !(areas[f] > 0);
  }
  const BoxBvh bvh(boxes);

  auto corners_of = [&](int f, std::int32_t c[3], Vec3d p[3]) {
    for (int k = 0; k < 3; ++k) {
      const std::int32_t v = mesh.faces[3 * static_cast<std::size_t>(f) + static_cast<std::size_t>(k)];
      c[k] = ids[static_cast<std::size_t>(v)];
      p[k] = mesh.vertices.row(v).transpose().cast<double>();
    }
  };

  // Each face looks for one partner on its own (pairs are tested from both sides, which keeps
  // the loop free of shared writes).
  int intersecting = 0;
#pragma omp parallel for schedule(dynamic, 64) reduction(+ : intersecting)
  for (int f = 0; f < face_count; ++f) {
    if (skip[static_cast<std::size_t>(f)]) continue;
    std::int32_t cf[3];
    Vec3d pf[3];
    corners_of(f, cf, pf);
    bool hit = false;
    bvh.for_each_overlap(boxes[static_cast<std::size_t>(f)], [&](int g) {
      if (g == f || skip[static_cast<std::size_t>(g)]) return true;
      std::int32_t cg[3];
      Vec3d pg[3];
      corners_of(g, cg, pg);
      hit = faces_intersect(cf, pf, cg, pg);
      return !hit;
    });
    if (hit) ++intersecting;
  }
  result.faces = intersecting;
  result.fraction = static_cast<double>(intersecting) / face_count;
  return result;
}

FlippedFaces flipped_faces(const TriangleMesh& before, const TriangleMesh& after) {
  if (before.faces != after.faces || before.vertex_count() != after.vertex_count()) {
    throw InputError("flipped faces: the two meshes must have the same vertices count and faces");
  }
  const Points n_before = face_normals(before), n_after = face_normals(after);
  FlippedFaces result;
  for (int f = 0; f < before.face_count(); ++f) {
    if (n_before.row(f).dot(n_after.row(f)) < 0) ++result.faces;  // degenerate faces have n = 0
  }
  result.fraction = before.face_count() > 0 ? static_cast<double>(result.faces) / before.face_count() : 0.0;
  return result;
}

}  // namespace monge::mesh
