// Built-in meshes: closed, outward, duplicate-free, with areas and volumes converging to the
// closed forms, and the "builtin:" spec parser.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "base/errors.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_geometry.hpp"
#include "solvers/mesh/mesh_metrics.hpp"

using namespace monge;
using namespace monge::mesh;

namespace {

constexpr double kPi = 3.14159265358979323846;

int duplicate_vertices(const TriangleMesh& mesh) {
  std::set<std::array<float, 3>> seen;
  int duplicates = 0;
  for (int i = 0; i < mesh.vertex_count(); ++i) {
    if (!seen.insert({mesh.vertices(i, 0), mesh.vertices(i, 1), mesh.vertices(i, 2)}).second) ++duplicates;
  }
  return duplicates;
}

// Every face's normal points away from the origin (true for star-shaped meshes around it).
int inward_faces_star_shaped(const TriangleMesh& mesh) {
  const Points normals = face_normals(mesh), centroids = face_centroids(mesh.vertices, mesh.faces);
  int inward = 0;
  for (int f = 0; f < mesh.face_count(); ++f) inward += normals.row(f).dot(centroids.row(f)) <= 0;
  return inward;
}

void expect_closed_outward(const TriangleMesh& mesh, int euler, const std::string& what) {
  SCOPED_TRACE(what);
  const MeshTopology topology = mesh_topology(mesh);
  EXPECT_TRUE(topology.closed_oriented_manifold())
      << "boundary " << topology.boundary_edges << " non-manifold " << topology.non_manifold_edges << " misoriented "
      << topology.misoriented_edges;
  EXPECT_EQ(topology.euler_characteristic(), euler);
  EXPECT_GT(signed_volume(mesh), 0.0);
  EXPECT_EQ(duplicate_vertices(mesh), 0);
  EXPECT_EQ(self_intersections(mesh).faces, 0);
}

}  // namespace

TEST(BuiltinMeshes, AllAreClosedOutwardAndDuplicateFree) {
  expect_closed_outward(icosphere(2), 2, "icosphere");
  expect_closed_outward(uv_sphere(8, 12), 2, "uv-sphere");
  expect_closed_outward(ellipsoid(1.5f, 1.0f, 0.6f, 2), 2, "ellipsoid");
  expect_closed_outward(torus(1.0f, 0.35f, 24, 12), 0, "torus");
  expect_closed_outward(blob(), 2, "blob");
  TwistedTorusParams half;
  half.turns = 0.5f;
  half.rings = 32;
  half.segments = 16;
  expect_closed_outward(twisted_torus(half), 0, "twisted-torus, half turn");
  expect_closed_outward(twisted_torus(), 0, "twisted-torus");
  EXPECT_EQ(inward_faces_star_shaped(icosphere(3)), 0);
  EXPECT_EQ(inward_faces_star_shaped(uv_sphere(16, 32)), 0);
}

TEST(BuiltinMeshes, IcosphereCountsAreaAndVolumeConverge) {
  const double r = 1.7;
  double previous_area_error = 1e9, previous_volume_error = 1e9;
  for (int s = 0; s <= 5; ++s) {
    const TriangleMesh mesh = icosphere(s, static_cast<float>(r));
    EXPECT_EQ(mesh.vertex_count(), 10 * (1 << (2 * s)) + 2);
    EXPECT_EQ(mesh.face_count(), 20 * (1 << (2 * s)));
    for (int i = 0; i < mesh.vertex_count(); ++i) EXPECT_NEAR(mesh.vertices.row(i).norm(), r, 1e-5);
    const double area_error = std::abs(surface_area(mesh) - 4 * kPi * r * r);
    const double volume_error = std::abs(signed_volume(mesh) - 4.0 / 3.0 * kPi * r * r * r);
    EXPECT_LT(area_error, previous_area_error);
    EXPECT_LT(volume_error, previous_volume_error);
    previous_area_error = area_error;
    previous_volume_error = volume_error;
  }
  // Inscribed polyhedron error decreases like h^2: at 5 subdivisions well under 0.1%.
  EXPECT_LT(previous_area_error / (4 * kPi * r * r), 1e-3);
  EXPECT_LT(previous_volume_error / (4.0 / 3.0 * kPi * r * r * r), 1e-3);
}

TEST(BuiltinMeshes, TorusAreaAndVolumeMatchPappus) {
  const double R = 1.2, r = 0.4;
  const TriangleMesh mesh = torus(static_cast<float>(R), static_cast<float>(r), 200, 100);
  EXPECT_EQ(mesh.vertex_count(), 200 * 100);
  EXPECT_NEAR(surface_area(mesh) / (4 * kPi * kPi * R * r), 1.0, 2e-3);
  EXPECT_NEAR(signed_volume(mesh) / (2 * kPi * kPi * R * r * r), 1.0, 2e-3);
}

TEST(BuiltinMeshes, UvSphereAndEllipsoidVolumes) {
  EXPECT_NEAR(signed_volume(uv_sphere(64, 128, 2.0f)) / (4.0 / 3.0 * kPi * 8.0), 1.0, 2e-3);
  EXPECT_NEAR(signed_volume(ellipsoid(1.5f, 1.0f, 0.6f, 5)) / (4.0 / 3.0 * kPi * 1.5 * 0.6), 1.0, 2e-3);
  const BoundingBox box = bounding_box(ellipsoid(1.5f, 1.0f, 0.6f, 3).vertices);
  EXPECT_NEAR(box.max.x(), 1.5f, 1e-5f);
  EXPECT_NEAR(box.min.z(), -0.6f, 1e-5f);
}

TEST(BuiltinMeshes, TwistedTorusKeepsTheEllipseArea) {
  // Each cross-section is the same ellipse, rotated in its plane: by Pappus (centroid on the
  // circle of radius R) the volume is 2 pi R * pi a b whatever the twist.
  for (float turns : {0.0f, 1.0f, 1.5f}) {
    TwistedTorusParams p;
    p.turns = turns;
    p.rings = 256;
    p.segments = 64;
    EXPECT_NEAR(signed_volume(twisted_torus(p)) / (2 * kPi * p.major * kPi * p.a * p.b), 1.0, 3e-3) << turns;
  }
}

TEST(BuiltinMeshes, BlobIsDeterministicAndSeedDependent) {
  BlobParams p;
  const TriangleMesh a = blob(p), b = blob(p);
  p.seed = 2;
  const TriangleMesh c = blob(p);
  EXPECT_EQ(a.vertices, b.vertices);
  EXPECT_GT((a.vertices - c.vertices).norm(), 0.1f);
  for (int i = 0; i < a.vertex_count(); ++i) EXPECT_GE(a.vertices.row(i).norm(), 1.0f - 1e-5f);
  p.amplitude = 0;
  const TriangleMesh sphere = blob(p);
  EXPECT_LT((sphere.vertices - icosphere(3).vertices).norm(), 1e-5f);
}

// crowd remeshes the same surface: vertices stay on the blob (their radius is the blob's radius in
// their direction), the mesh stays closed and outward (the area changes only as the facets follow
// the lobes more or less closely), and the vertex density moves onto the lobes
// (crowd > 0) or off them (crowd < 0): the vertex nearest each lobe's peak gets a smaller (larger)
// share of area.
TEST(BuiltinMeshes, BlobCrowdMovesVerticesNotTheSurface) {
  BlobParams p;
  p.lobes = 4;
  p.amplitude = 0.8f;
  p.seed = 3;
  const TriangleMesh plain = blob(p);
  auto area_near_peaks = [](const TriangleMesh& m) {  // mean area of the faces touching the 5% outermost vertices
    const Eigen::VectorXf areas = face_areas(m.vertices, m.faces);
    std::vector<float> radius(m.vertex_count());
    for (int i = 0; i < m.vertex_count(); ++i) radius[i] = m.vertices.row(i).norm();
    std::vector<float> sorted = radius;
    std::sort(sorted.begin(), sorted.end());
    const float threshold = sorted[sorted.size() * 95 / 100];
    double sum = 0;
    int count = 0;
    for (int f = 0; f < m.face_count(); ++f)
      for (int k = 0; k < 3; ++k)
        if (radius[m.faces[3 * f + k]] >= threshold) {
          sum += areas[f];
          ++count;
          break;
        }
    return sum / count;
  };
  for (float crowd : {1.0f, -1.0f}) {
    SCOPED_TRACE(crowd);
    p.crowd = crowd;
    const TriangleMesh m = blob(p);
    expect_closed_outward(m, 2, "crowded blob");
    EXPECT_EQ(m.faces, plain.faces);
    EXPECT_EQ(flipped_faces(plain, m).faces, 0);
    if (crowd > 0) {
      EXPECT_NEAR(surface_area(m), surface_area(plain), 0.01 * surface_area(plain));
      EXPECT_LT(area_near_peaks(m), 0.5 * area_near_peaks(plain));
    } else {  // fewer vertices on the lobes: their facets cut the lobes' tops
      EXPECT_LT(surface_area(m), surface_area(plain));
      EXPECT_GT(surface_area(m), 0.85 * surface_area(plain));
      EXPECT_GT(area_near_peaks(m), 1.5 * area_near_peaks(plain));
    }
  }
  p.crowd = 1;
  EXPECT_EQ(builtin_mesh("builtin:blob?lobes=4&amplitude=0.8&seed=3&crowd=1").vertices, blob(p).vertices);
  EXPECT_THROW(builtin_mesh("builtin:blob?crowd=1.5"), InputError);
}

TEST(BuiltinSpec, NamesAndParameters) {
  EXPECT_EQ(builtin_mesh("builtin:icosphere").vertex_count(), icosphere().vertex_count());
  EXPECT_EQ(builtin_mesh("builtin:icosphere?subdivisions=1").vertex_count(), 42);
  EXPECT_EQ(builtin_mesh("builtin:ellipsoid?a=1.5&b=1&c=0.6").vertices, ellipsoid(1.5f, 1.0f, 0.6f, 3).vertices);
  EXPECT_EQ(builtin_mesh("builtin:torus?major=2&minor=0.5&rings=10&segments=6").vertices, torus(2, 0.5f, 10, 6).vertices);
  EXPECT_EQ(builtin_mesh("builtin:uv-sphere?rings=4&segments=5").vertex_count(), 3 * 5 + 2);
  EXPECT_EQ(builtin_mesh("builtin:twisted-torus").vertices, twisted_torus().vertices);
  EXPECT_EQ(builtin_mesh("builtin:blob?seed=7").vertices, blob(BlobParams{6, 0.5f, 7, 3}).vertices);
  EXPECT_EQ(load_mesh_or_builtin("builtin:blob").vertices, blob().vertices);
  // Every catalog entry builds with its defaults.
  for (const BuiltinMeshInfo& info : builtin_mesh_catalog()) {
    EXPECT_GT(builtin_mesh("builtin:" + info.name).face_count(), 0) << info.name;
  }
}

TEST(BuiltinSpec, ErrorsListTheValidChoices) {
  auto message_of = [](const std::string& spec) -> std::string {
    try {
      builtin_mesh(spec);
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_NE(message_of("builtin:cube").find("icosphere, uv-sphere, ellipsoid, torus, twisted-torus, blob"), std::string::npos)
      << message_of("builtin:cube");
  const std::string unknown = message_of("builtin:torus?radius=2");
  EXPECT_NE(unknown.find("unknown parameter 'radius'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("minor (default 0.35)"), std::string::npos) << unknown;
  EXPECT_NE(message_of("builtin:icosphere?subdivisions=two").find("subdivisions: expected an integer"), std::string::npos);
  EXPECT_NE(message_of("builtin:icosphere?subdivisions=12").find("builtin:icosphere?subdivisions=12: icosphere: subdivisions"),
            std::string::npos)
      << message_of("builtin:icosphere?subdivisions=12");
  EXPECT_NE(message_of("builtin:torus?minor=2").find("minor"), std::string::npos);
  EXPECT_NE(message_of("builtin:twisted-torus?turns=0.3").find("turns"), std::string::npos);
  EXPECT_NE(message_of("builtin:twisted-torus?turns=0.5&segments=9").find("even"), std::string::npos);
  EXPECT_NE(message_of("builtin:ellipsoid?a").find("expected key=value"), std::string::npos);
  EXPECT_NE(message_of("builtin:ellipsoid?a=nan").find("expected a number"), std::string::npos);
}
