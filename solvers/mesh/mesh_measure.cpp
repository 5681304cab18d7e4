#include "solvers/mesh/mesh_measure.hpp"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"

namespace monge::mesh {

MeshMeasureKind parse_mesh_measure_kind(const std::string& name) {
  if (name == "vertices") return MeshMeasureKind::Vertices;
  if (name == "surface") return MeshMeasureKind::Surface;
  if (name == "varifold") return MeshMeasureKind::Varifold;
  if (name == "area") return MeshMeasureKind::Area;
  throw InputError("mesh measure '" + name + "': expected vertices, area, surface or varifold");
}

const char* mesh_measure_kind_name(MeshMeasureKind kind) {
  switch (kind) {
    case MeshMeasureKind::Vertices: return "vertices";
    case MeshMeasureKind::Surface: return "surface";
    case MeshMeasureKind::Varifold: return "varifold";
    case MeshMeasureKind::Area: return "area";
  }
  return "?";
}

Measure vertex_measure(const TriangleMesh& mesh) {
  Measure measure;
  measure.points = mesh.vertices;
  return measure;
}

Eigen::VectorXf vertex_areas(const Points& vertices, const FaceList& faces) {
  const Eigen::VectorXf areas = face_areas(vertices, faces);
  Eigen::VectorXf result = Eigen::VectorXf::Zero(vertices.rows());
  for (Eigen::Index f = 0; f < areas.size(); ++f)
    for (int k = 0; k < 3; ++k) result[faces[3 * static_cast<std::size_t>(f) + k]] += areas[f] / 3.0f;
  return result;
}

double vertex_area_imbalance(const TriangleMesh& mesh) {
  const Eigen::VectorXd a = vertex_areas(mesh.vertices, mesh.faces).cast<double>();
  const double total = a.sum();
  if (!(total > 0) || a.size() == 0) return 0.0;
  return 0.5 * (a.array() / total - 1.0 / double(a.size())).abs().sum();
}

Measure area_vertex_measure(const Points& vertices, const FaceList& faces) {
  Measure measure;
  measure.points = vertices;
  measure.weights = vertex_areas(vertices, faces);
  const double total = measure.weights.cast<double>().sum();
  if (!(total > 0)) throw InputError("area measure: the mesh has zero surface area");
  measure.weights = (measure.weights.cast<double>() / total).cast<float>();
  return measure;
}

SurfaceSamples sample_surface(const Points& vertices, const FaceList& faces, int count,
                              std::uint64_t seed, std::uint64_t stream) {
  if (count < 0) throw InputError("surface samples: count must be >= 0, got " + std::to_string(count));
  const Eigen::VectorXf areas = face_areas(vertices, faces);
  // Cumulative areas in double, so that 1e6 small faces still get their share.
  std::vector<double> cumulative(static_cast<std::size_t>(areas.size()));
  double total = 0;
  for (Eigen::Index f = 0; f < areas.size(); ++f) cumulative[static_cast<std::size_t>(f)] = total += areas[f];
  if (!(total > 0) && count > 0) throw InputError("surface samples: the mesh has zero surface area");

  SurfaceSamples samples;
  samples.faces.resize(static_cast<std::size_t>(count));
  samples.bary.resize(count, 3);
  const CounterRng rng(seed, stream);
  for (int s = 0; s < count; ++s) {
    float u[4];
    rng.uniform4(static_cast<std::uint64_t>(s), u);
    const double target = static_cast<double>(u[0]) * total;
    auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
    if (it == cumulative.end()) --it;  // u[0] < 1, but rounding may land on the total
    // upper_bound never picks a zero-area face: its cumulative value equals its predecessor's.
    samples.faces[static_cast<std::size_t>(s)] = static_cast<std::int32_t>(it - cumulative.begin());
    const float r = std::sqrt(u[1]);
    samples.bary.row(s) << 1.0f - r, r * (1.0f - u[2]), r * u[2];
  }
  return samples;
}

Points evaluate_samples(const Points& vertices, const FaceList& faces, const SurfaceSamples& samples) {
  const int count = samples.size();
  Points points(count, 3);
#pragma omp parallel for schedule(static) if (count > 20000)
  for (int s = 0; s < count; ++s) {
    const std::int32_t* corners = &faces[3 * static_cast<std::size_t>(samples.faces[static_cast<std::size_t>(s)])];
    points.row(s) = samples.bary(s, 0) * vertices.row(corners[0]) + samples.bary(s, 1) * vertices.row(corners[1]) +
                    samples.bary(s, 2) * vertices.row(corners[2]);
  }
  return points;
}

void scatter_sample_gradient(const SurfaceSamples& samples, const FaceList& faces,
                             const Points& grad_samples, Points& grad_vertices, int vertex_count) {
  if (grad_vertices.rows() == 0) grad_vertices = Points::Zero(vertex_count, 3);
  // Serial: many samples share a vertex, and the scatter is memory-bound anyway.
  for (int s = 0; s < samples.size(); ++s) {
    const std::int32_t* corners = &faces[3 * static_cast<std::size_t>(samples.faces[static_cast<std::size_t>(s)])];
    for (int k = 0; k < 3; ++k) grad_vertices.row(corners[k]) += samples.bary(s, k) * grad_samples.row(s);
  }
}

Measure surface_measure(const TriangleMesh& mesh, int count, std::uint64_t seed, std::uint64_t stream) {
  Measure measure;
  measure.points = evaluate_samples(mesh.vertices, mesh.faces, sample_surface(mesh.vertices, mesh.faces, count, seed, stream));
  return measure;
}

float default_varifold_normal_weight(const TriangleMesh& mesh) {
  return 0.1f * bounding_box(mesh.vertices).diagonal();
}

Measure varifold_measure(const Points& vertices, const FaceList& faces, float normal_weight) {
  const int face_count = static_cast<int>(faces.size() / 3);
  Measure measure;
  measure.points.resize(face_count, 6);
  measure.weights.resize(face_count);
  const Points centroids = face_centroids(vertices, faces);
  const Points normals = face_normals(vertices, faces);
  const Eigen::VectorXf areas = face_areas(vertices, faces);
  const double total = areas.cast<double>().sum();
  if (!(total > 0)) throw InputError("varifold measure: the mesh has zero surface area");
  measure.points.leftCols(3) = centroids;
  measure.points.rightCols(3) = normal_weight * normals;
  measure.weights = (areas.cast<double>() / total).cast<float>();
  return measure;
}

void varifold_vjp(const Points& vertices, const FaceList& faces, float normal_weight,
                  const Points& grad_points, const Eigen::VectorXf& grad_weights, Points& grad_vertices) {
  const int face_count = static_cast<int>(faces.size() / 3);
  if (grad_vertices.rows() == 0) grad_vertices = Points::Zero(vertices.rows(), 3);
  const bool with_weights = grad_weights.size() > 0;

  // Weights p_f = A_f / S with S = sum A: dL/dA_f = (g_f - sum_k g_k p_k) / S.
  double total_area = 0, mean_weight_gradient = 0;
  if (with_weights) {
    const Eigen::VectorXd areas = face_areas(vertices, faces).cast<double>();
    total_area = areas.sum();
    if (total_area > 0) mean_weight_gradient = grad_weights.cast<double>().dot(areas) / total_area;
  }

  for (int f = 0; f < face_count; ++f) {
    const std::int32_t i0 = faces[3 * f], i1 = faces[3 * f + 1], i2 = faces[3 * f + 2];
    // Centroid: each corner gets a third.
    for (int k = 0; k < 3; ++k) {
      const float g_centroid = grad_points(f, k) / 3.0f;
      grad_vertices(i0, k) += g_centroid;
      grad_vertices(i1, k) += g_centroid;
      grad_vertices(i2, k) += g_centroid;
    }

    // m = e1 x e2 (e1 = v1 - v0, e2 = v2 - v0); n = m / |m|; area = |m| / 2.
    const Eigen::Vector3f e1 = (vertices.row(i1) - vertices.row(i0)).transpose();
    const Eigen::Vector3f e2 = (vertices.row(i2) - vertices.row(i0)).transpose();
    const Eigen::Vector3f m = e1.cross(e2);
    const float length = m.norm();
    if (!(length > 0)) continue;
    const Eigen::Vector3f n = m / length;
    // dn = (I - n n^T) dm / |m|, and the point holds w n.
    const Eigen::Vector3f g_n = normal_weight * grad_points.block<1, 3>(f, 3).transpose();
    Eigen::Vector3f g_m = (g_n - n * n.dot(g_n)) / length;
    if (with_weights && total_area > 0) {
      const double g_area = (static_cast<double>(grad_weights[f]) - mean_weight_gradient) / total_area;
      g_m += static_cast<float>(0.5 * g_area) * n;  // dA = n . dm / 2
    }
    // <g_m, de1 x e2 + e1 x de2> = <e2 x g_m, de1> + <g_m x e1, de2>.
    const Eigen::Vector3f g_e1 = e2.cross(g_m);
    const Eigen::Vector3f g_e2 = g_m.cross(e1);
    // Component by component: Eigen's packet copy of a 3-vector into a row trips GCC 12's -Warray-bounds.
    for (int k = 0; k < 3; ++k) {
      grad_vertices(i1, k) += g_e1[k];
      grad_vertices(i2, k) += g_e2[k];
      grad_vertices(i0, k) -= g_e1[k] + g_e2[k];
    }
  }
}

Measure mesh_measure(const TriangleMesh& mesh, MeshMeasureKind kind, const MeshMeasureOptions& options) {
  switch (kind) {
    case MeshMeasureKind::Vertices: return vertex_measure(mesh);
    case MeshMeasureKind::Area: return area_vertex_measure(mesh.vertices, mesh.faces);
    case MeshMeasureKind::Surface:
      return surface_measure(mesh, options.surface_samples, options.seed, options.stream);
    case MeshMeasureKind::Varifold: {
      const float w = options.normal_weight > 0 ? options.normal_weight : default_varifold_normal_weight(mesh);
      return varifold_measure(mesh.vertices, mesh.faces, w);
    }
  }
  return vertex_measure(mesh);
}

}  // namespace monge::mesh
