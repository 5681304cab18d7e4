// Mesh -> measure: vertex measure, area-weighted vertices, area-uniform surface samples (and their adjoint), and the
// varifold map with its vector-Jacobian product checked against finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_measure.hpp"

using namespace monge;
using namespace monge::mesh;

namespace {

// Points filled with standard normals from the counter RNG.
Points random_points(int rows, int cols, std::uint64_t stream) {
  const CounterRng rng(99, stream);
  Points p(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int k = 0; k < cols; ++k) p(i, k) = rng.normal(static_cast<std::uint64_t>(i * cols + k));
  }
  return p;
}

}  // namespace

TEST(MeshMeasure, KindNames) {
  for (MeshMeasureKind kind :
       {MeshMeasureKind::Vertices, MeshMeasureKind::Surface, MeshMeasureKind::Varifold, MeshMeasureKind::Area}) {
    EXPECT_EQ(parse_mesh_measure_kind(mesh_measure_kind_name(kind)), kind);
  }
  try {
    parse_mesh_measure_kind("faces");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("vertices, area, surface or varifold"), std::string::npos) << e.what();
  }
}

TEST(MeshMeasure, VerticesAreUniform) {
  const TriangleMesh mesh = icosphere(1);
  const Measure m = mesh_measure(mesh, MeshMeasureKind::Vertices);
  EXPECT_EQ(m.points, mesh.vertices);
  EXPECT_TRUE(m.uniform());
}

// Two triangles of a 2 x 1 rectangle split along a diagonal: each triangle has area 1, so the
// diagonal's two corners get 2/3 each and the other two 1/3 (total 2).
TEST(MeshMeasure, AreaWeightsAreAThirdOfEachFace) {
  Points v(4, 3);
  v << 0, 0, 0, 2, 0, 0, 2, 1, 0, 0, 1, 0;
  const FaceList faces = {0, 1, 2, 0, 2, 3};
  const Eigen::VectorXf a = vertex_areas(v, faces);
  EXPECT_NEAR(a[0], 2.0f / 3, 1e-6f);
  EXPECT_NEAR(a[1], 1.0f / 3, 1e-6f);
  EXPECT_NEAR(a[2], 2.0f / 3, 1e-6f);
  EXPECT_NEAR(a[3], 1.0f / 3, 1e-6f);
  const Measure m = area_vertex_measure(v, faces);
  EXPECT_EQ(m.points, v);
  EXPECT_NEAR(m.weights[0], 1.0f / 3, 1e-6f);
  EXPECT_NEAR(m.weights[1], 1.0f / 6, 1e-6f);
  // A uniform icosphere's vertex areas sum to its area; the crowded blob's spread widely.
  const TriangleMesh sphere = icosphere(2);
  EXPECT_NEAR(vertex_areas(sphere.vertices, sphere.faces).sum(), surface_area(sphere), 1e-4);
  EXPECT_THROW(area_vertex_measure(Points::Zero(3, 3), FaceList{0, 1, 2}), InputError);
}

TEST(SurfaceSamples, DeterministicPrefixStableAndOnTheFaces) {
  const TriangleMesh mesh = ellipsoid(2, 1, 0.5f, 2);
  const SurfaceSamples a = sample_surface(mesh.vertices, mesh.faces, 500, 3, 1);
  const SurfaceSamples b = sample_surface(mesh.vertices, mesh.faces, 200, 3, 1);
  const SurfaceSamples c = sample_surface(mesh.vertices, mesh.faces, 200, 3, 2);
  EXPECT_EQ(std::vector<std::int32_t>(a.faces.begin(), a.faces.begin() + 200), b.faces);
  EXPECT_EQ(a.bary.topRows(200), b.bary);
  EXPECT_NE(b.faces, c.faces);
  for (int s = 0; s < a.size(); ++s) {
    EXPECT_NEAR(a.bary.row(s).sum(), 1.0f, 1e-6f);
    EXPECT_GE(a.bary.row(s).minCoeff(), 0.0f);
  }
  EXPECT_EQ(sample_surface(mesh.vertices, mesh.faces, 0, 3).size(), 0);
  EXPECT_THROW(sample_surface(mesh.vertices, mesh.faces, -1, 3), InputError);
}

TEST(SurfaceSamples, UniformByArea) {
  // Archimedes: the cap z > 1/2 of the unit sphere holds 1/4 of its area. A UV sphere's faces
  // shrink towards the poles, so sampling faces uniformly (not by area) would give about 0.31.
  const TriangleMesh sphere = uv_sphere(64, 128);
  const int n = 20000;
  const Points p = evaluate_samples(sphere.vertices, sphere.faces, sample_surface(sphere.vertices, sphere.faces, n, 5));
  const double fraction = static_cast<double>((p.col(2).array() > 0.5f).count()) / n;
  EXPECT_NEAR(fraction, 0.25, 4 * std::sqrt(0.25 * 0.75 / n) + 2e-3);

  // Inside one triangle: the corner region bary_0 > 1/2 is a half-size copy, 1/4 of the area.
  TriangleMesh triangle;
  triangle.vertices = Points(3, 3);
  triangle.vertices << 0, 0, 0, 3, 0, 0, 0, 1, 0;
  triangle.faces = {0, 1, 2};
  const SurfaceSamples s = sample_surface(triangle.vertices, triangle.faces, n, 6);
  const double corner = static_cast<double>((s.bary.col(0).array() > 0.5f).count()) / n;
  EXPECT_NEAR(corner, 0.25, 4 * std::sqrt(0.25 * 0.75 / n));
  EXPECT_NEAR(s.bary.col(1).mean(), 1.0 / 3.0, 0.01);
}

TEST(SurfaceSamples, EvaluateAndScatterAreAdjoint) {
  // evaluate_samples is linear in the vertices: <evaluate(V), G> == <V, scatter(G)>.
  const TriangleMesh mesh = icosphere(1);
  const SurfaceSamples samples = sample_surface(mesh.vertices, mesh.faces, 300, 1);
  const Points v = random_points(mesh.vertex_count(), 3, 1), g = random_points(300, 3, 2);
  Points grad;
  scatter_sample_gradient(samples, mesh.faces, g, grad, mesh.vertex_count());
  ASSERT_EQ(grad.rows(), mesh.vertex_count());
  const double lhs = evaluate_samples(v, mesh.faces, samples).cwiseProduct(g).cast<double>().sum();
  const double rhs = v.cwiseProduct(grad).cast<double>().sum();
  EXPECT_NEAR(lhs, rhs, 1e-4 * (std::abs(lhs) + 1));
  // Accumulates into an existing gradient.
  Points twice = grad;
  scatter_sample_gradient(samples, mesh.faces, g, twice, mesh.vertex_count());
  EXPECT_LT((twice - 2 * grad).norm(), 1e-4f);
  // The same samples on moved vertices move with them.
  const Points moved = mesh.vertices.array() + 1.0f;
  EXPECT_LT((evaluate_samples(moved, mesh.faces, samples).array() - 1.0f -
             evaluate_samples(mesh.vertices, mesh.faces, samples).array()).abs().maxCoeff(), 1e-5f);
}

TEST(Varifold, PointsAndWeights) {
  const TriangleMesh mesh = ellipsoid(1.5f, 1.0f, 0.6f, 2);
  const float w = default_varifold_normal_weight(mesh);
  EXPECT_NEAR(w, 0.1f * 2 * std::sqrt(1.5f * 1.5f + 1 + 0.36f), 1e-4f);
  const Measure m = mesh_measure(mesh, MeshMeasureKind::Varifold);
  ASSERT_EQ(m.dim(), 6);
  ASSERT_EQ(m.size(), mesh.face_count());
  EXPECT_NEAR(m.weights.sum(), 1.0f, 1e-5f);
  const Eigen::VectorXf areas = face_areas(mesh.vertices, mesh.faces);
  EXPECT_NEAR(m.weights[7] / m.weights[3], areas[7] / areas[3], 1e-4f);
  const Points centroids = face_centroids(mesh.vertices, mesh.faces);
  for (int f = 0; f < m.size(); ++f) {
    EXPECT_NEAR(m.points.rightCols(3).row(f).norm(), w, 1e-5f);
    EXPECT_GT(m.points.rightCols(3).row(f).dot(centroids.row(f)), 0.0f);  // outward
  }
}

TEST(Varifold, VjpMatchesFiniteDifferences) {
  // L(V) = <G, points(V)> + <g, weights(V)> on an irregular mesh; compare the VJP with central
  // differences in every vertex coordinate, for the point and the weight parts separately (the
  // weight part is much smaller and would hide in the sum).
  TriangleMesh mesh = icosphere(1);
  mesh.vertices += 0.15f * random_points(mesh.vertex_count(), 3, 3);
  const float w = 0.4f;
  const Points g_points = random_points(mesh.face_count(), 6, 4);
  const Eigen::VectorXf g_weights = random_points(mesh.face_count(), 1, 5).col(0);
  enum Part { PointsOnly, WeightsOnly };
  auto loss = [&](const Points& v, Part part) {
    const Measure m = varifold_measure(v, mesh.faces, w);
    if (part == PointsOnly) return m.points.cast<double>().cwiseProduct(g_points.cast<double>()).sum();
    return m.weights.cast<double>().dot(g_weights.cast<double>());
  };
  for (Part part : {PointsOnly, WeightsOnly}) {
    SCOPED_TRACE(part == PointsOnly ? "points" : "weights");
    Points grad;
    if (part == PointsOnly) varifold_vjp(mesh.vertices, mesh.faces, w, g_points, Eigen::VectorXf(), grad);
    else varifold_vjp(mesh.vertices, mesh.faces, w, Points::Zero(mesh.face_count(), 6), g_weights, grad);
    ASSERT_EQ(grad.rows(), mesh.vertex_count());
    const float h = part == PointsOnly ? 2e-3f : 1e-2f;  // weights are ~1/F: a larger step beats rounding
    double worst = 0, scale = 0;
    for (int i = 0; i < mesh.vertex_count(); ++i) {
      for (int k = 0; k < 3; ++k) {
        Points plus = mesh.vertices, minus = mesh.vertices;
        plus(i, k) += h;
        minus(i, k) -= h;
        const double fd = (loss(plus, part) - loss(minus, part)) / (plus(i, k) - minus(i, k));
        worst = std::max(worst, std::abs(fd - grad(i, k)));
        scale = std::max(scale, std::abs(fd));
      }
    }
    EXPECT_LT(worst, 1e-2 * scale) << "scale " << scale;
    std::printf("varifold vjp (%s): max |fd - vjp| = %.3g, max |fd| = %.3g\n", part == PointsOnly ? "points" : "weights", worst, scale);
  }
}

TEST(Varifold, ZeroAreaIsAnError) {
  TriangleMesh flat;
  flat.vertices = Points::Zero(3, 3);
  flat.faces = {0, 1, 2};
  EXPECT_THROW(varifold_measure(flat.vertices, flat.faces, 1.0f), InputError);
  EXPECT_THROW(sample_surface(flat.vertices, flat.faces, 10, 0), InputError);
}
