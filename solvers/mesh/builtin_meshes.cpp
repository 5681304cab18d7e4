// Generators of the built-in meshes. The "builtin:..." spec parser is in builtin_spec.cpp.
#include "solvers/mesh/builtin_meshes.hpp"

#include <Eigen/Geometry>
#include <array>
#include <cmath>
#include <string>
#include <unordered_map>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"

namespace monge::mesh {

namespace {

constexpr double kPi = 3.14159265358979323846;

void require(bool ok, const std::string& message) {
  if (!ok) throw InputError(message);
}

// The regular icosahedron on the unit sphere, faces counter-clockwise seen from outside.
TriangleMesh unit_icosahedron() {
  const double t = (1.0 + std::sqrt(5.0)) / 2.0;
  const double corners[12][3] = {{-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0}, {0, -1, t}, {0, 1, t},
                                 {0, -1, -t}, {0, 1, -t}, {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}};
  TriangleMesh mesh;
  mesh.vertices.resize(12, 3);
  for (int i = 0; i < 12; ++i) {
    const Eigen::Vector3d p = Eigen::Vector3d(corners[i][0], corners[i][1], corners[i][2]).normalized();
    mesh.vertices.row(i) = p.cast<float>().transpose();
  }
  mesh.faces = {0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
                3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
  return mesh;
}

// One loop subdivision step without smoothing: every face splits into four, the new vertices are
// the edge midpoints pushed back onto the unit sphere. A midpoint is created once per edge.
TriangleMesh subdivide_on_unit_sphere(const TriangleMesh& coarse) {
  std::vector<Eigen::Vector3f> vertices;
  vertices.reserve(static_cast<std::size_t>(coarse.vertex_count() + coarse.face_count() * 3 / 2));
  for (int i = 0; i < coarse.vertex_count(); ++i) vertices.push_back(coarse.vertices.row(i).transpose());
  std::unordered_map<std::uint64_t, std::int32_t> midpoint_of_edge;
  auto midpoint = [&](std::int32_t a, std::int32_t b) {
    const std::uint64_t key = (static_cast<std::uint64_t>(std::min(a, b)) << 32) | static_cast<std::uint32_t>(std::max(a, b));
    auto found = midpoint_of_edge.find(key);
    if (found != midpoint_of_edge.end()) return found->second;
    const Eigen::Vector3d m = (vertices[static_cast<std::size_t>(a)].cast<double>() +
                               vertices[static_cast<std::size_t>(b)].cast<double>()).normalized();
    vertices.push_back(m.cast<float>());
    const auto index = static_cast<std::int32_t>(vertices.size() - 1);
    midpoint_of_edge.emplace(key, index);
    return index;
  };
  TriangleMesh fine;
  fine.faces.reserve(coarse.faces.size() * 4);
  for (int f = 0; f < coarse.face_count(); ++f) {
    const std::int32_t a = coarse.faces[3 * f], b = coarse.faces[3 * f + 1], c = coarse.faces[3 * f + 2];
    const std::int32_t ab = midpoint(a, b), bc = midpoint(b, c), ca = midpoint(c, a);
    for (std::int32_t index : {a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca}) fine.faces.push_back(index);
  }
  fine.vertices.resize(static_cast<Eigen::Index>(vertices.size()), 3);
  for (std::size_t i = 0; i < vertices.size(); ++i) fine.vertices.row(static_cast<Eigen::Index>(i)) = vertices[i].transpose();
  return fine;
}

TriangleMesh unit_icosphere(int subdivisions, const char* who) {
  require(subdivisions >= 0 && subdivisions <= 8,
          std::string(who) + ": subdivisions: must be in [0, 8], got " + std::to_string(subdivisions));
  TriangleMesh mesh = unit_icosahedron();
  for (int s = 0; s < subdivisions; ++s) mesh = subdivide_on_unit_sphere(mesh);
  return mesh;
}

// Two triangles per quad of a (ring, segment) grid, wrapping in both directions. `index(i, j)`
// gives the vertex of ring i (0..rings, ring `rings` wraps to 0) and segment j (wrapping).
// Corner order (i, j) -> (i+1, j) -> (i+1, j+1) is counter-clockwise seen from the side the
// cross product d/d(ring) x d/d(segment) points to.
template <class IndexOf>
std::vector<std::int32_t> periodic_grid_faces(int rings, int segments, IndexOf index) {
  std::vector<std::int32_t> faces;
  faces.reserve(static_cast<std::size_t>(rings) * static_cast<std::size_t>(segments) * 6);
  for (int i = 0; i < rings; ++i) {
    for (int j = 0; j < segments; ++j) {
      const std::int32_t a = index(i, j), b = index(i + 1, j), c = index(i + 1, j + 1), d = index(i, j + 1);
      for (std::int32_t v : {a, b, c, a, c, d}) faces.push_back(v);
    }
  }
  return faces;
}

}  // namespace

TriangleMesh icosphere(int subdivisions, float radius) {
  require(radius > 0 && std::isfinite(radius), "icosphere: radius: must be positive");
  TriangleMesh mesh = unit_icosphere(subdivisions, "icosphere");
  mesh.vertices *= radius;
  return mesh;
}

TriangleMesh uv_sphere(int rings, int segments, float radius) {
  require(rings >= 2 && rings <= 4096, "uv-sphere: rings: must be in [2, 4096], got " + std::to_string(rings));
  require(segments >= 3 && segments <= 4096, "uv-sphere: segments: must be in [3, 4096], got " + std::to_string(segments));
  require(radius > 0 && std::isfinite(radius), "uv-sphere: radius: must be positive");
  // Vertex 0: north pole, then rings - 1 latitude circles of `segments` vertices, then the south pole.
  const int latitude_circles = rings - 1;
  const int south = 1 + latitude_circles * segments;
  TriangleMesh mesh;
  mesh.vertices.resize(south + 1, 3);
  mesh.vertices.row(0) << 0, 0, radius;
  mesh.vertices.row(south) << 0, 0, -radius;
  for (int i = 0; i < latitude_circles; ++i) {
    const double polar = kPi * (i + 1) / rings;
    for (int j = 0; j < segments; ++j) {
      const double azimuth = 2 * kPi * j / segments;
      mesh.vertices.row(1 + i * segments + j) << static_cast<float>(radius * std::sin(polar) * std::cos(azimuth)),
          static_cast<float>(radius * std::sin(polar) * std::sin(azimuth)), static_cast<float>(radius * std::cos(polar));
    }
  }
  auto ring_vertex = [&](int i, int j) { return static_cast<std::int32_t>(1 + i * segments + (j % segments)); };
  // Outward: seen from outside, going down (increasing polar angle) then east (increasing
  // azimuth) turns counter-clockwise, so (north, (0, j), (0, j+1)) and the quads below.
  for (int j = 0; j < segments; ++j) {
    for (std::int32_t v : {0, ring_vertex(0, j), ring_vertex(0, j + 1)}) mesh.faces.push_back(v);
  }
  for (int i = 0; i + 1 < latitude_circles; ++i) {
    for (int j = 0; j < segments; ++j) {
      const std::int32_t a = ring_vertex(i, j), b = ring_vertex(i + 1, j), c = ring_vertex(i + 1, j + 1), d = ring_vertex(i, j + 1);
      for (std::int32_t v : {a, b, c, a, c, d}) mesh.faces.push_back(v);
    }
  }
  for (int j = 0; j < segments; ++j) {
    for (std::int32_t v : {ring_vertex(latitude_circles - 1, j), south, ring_vertex(latitude_circles - 1, j + 1)}) {
      mesh.faces.push_back(v);
    }
  }
  return mesh;
}

TriangleMesh torus(float major, float minor, int rings, int segments) {
  require(major > 0 && std::isfinite(major), "torus: major: must be positive");
  require(minor > 0 && minor < major, "torus: minor: must be in (0, major)");
  require(rings >= 3 && rings <= 4096, "torus: rings: must be in [3, 4096], got " + std::to_string(rings));
  require(segments >= 3 && segments <= 4096, "torus: segments: must be in [3, 4096], got " + std::to_string(segments));
  TriangleMesh mesh;
  mesh.vertices.resize(rings * segments, 3);
  for (int i = 0; i < rings; ++i) {
    const double phi = 2 * kPi * i / rings;
    for (int j = 0; j < segments; ++j) {
      const double theta = 2 * kPi * j / segments;
      const double rho = major + minor * std::cos(theta);
      mesh.vertices.row(i * segments + j) << static_cast<float>(rho * std::cos(phi)),
          static_cast<float>(rho * std::sin(phi)), static_cast<float>(minor * std::sin(theta));
    }
  }
  // d/dphi x d/dtheta = outward normal (cos theta cos phi, cos theta sin phi, sin theta) * positive.
  mesh.faces = periodic_grid_faces(rings, segments, [&](int i, int j) {
    return static_cast<std::int32_t>((i % rings) * segments + (j % segments));
  });
  return mesh;
}

TriangleMesh ellipsoid(float a, float b, float c, int subdivisions) {
  require(a > 0 && std::isfinite(a), "ellipsoid: a: must be positive");
  require(b > 0 && std::isfinite(b), "ellipsoid: b: must be positive");
  require(c > 0 && std::isfinite(c), "ellipsoid: c: must be positive");
  TriangleMesh mesh = unit_icosphere(subdivisions, "ellipsoid");
  // A positive diagonal scaling keeps the orientation.
  mesh.vertices.col(0) *= a;
  mesh.vertices.col(1) *= b;
  mesh.vertices.col(2) *= c;
  return mesh;
}

TriangleMesh blob(const BlobParams& params) {
  require(params.lobes >= 0 && params.lobes <= 64, "blob: lobes: must be in [0, 64], got " + std::to_string(params.lobes));
  require(params.amplitude >= 0 && params.amplitude <= 4, "blob: amplitude: must be in [0, 4]");
  require(params.crowd >= -1 && params.crowd <= 1, "blob: crowd: must be in [-1, 1]");
  TriangleMesh mesh = unit_icosphere(params.subdivisions, "blob");
  constexpr double kappa = 4.0;  // von Mises concentration: a bump about 60 degrees wide
  const CounterRng rng(params.seed, 0x626c6f62);  // stream "blob"
  std::vector<Eigen::Vector3d> directions;
  std::vector<double> heights;
  for (int k = 0; k < params.lobes; ++k) {
    float z[4], u[4];
    rng.normal4(2 * static_cast<std::uint64_t>(k), z);
    rng.uniform4(2 * static_cast<std::uint64_t>(k) + 1, u);
    Eigen::Vector3d d(z[0], z[1], z[2]);
    directions.push_back(d.norm() > 1e-12 ? d.normalized() : Eigen::Vector3d::UnitZ());
    heights.push_back(0.5 + 0.5 * u[0]);
  }
  // Remeshing: flow the directions along +-grad f on the sphere (see the header).
  if (params.crowd != 0.0f && !directions.empty()) {
    constexpr int kSteps = 64;
    const double dt = 0.4 * double(params.crowd) / kSteps;
    for (int i = 0; i < mesh.vertex_count(); ++i) {
      Eigen::Vector3d u = mesh.vertices.row(i).transpose().cast<double>();
      for (int s = 0; s < kSteps; ++s) {
        Eigen::Vector3d gradient = Eigen::Vector3d::Zero();
        for (std::size_t k = 0; k < directions.size(); ++k) {
          const double c = u.dot(directions[k]);
          gradient += heights[k] * kappa * std::exp(kappa * (c - 1.0)) * (directions[k] - c * u);
        }
        u = (u + dt * gradient).normalized();
      }
      mesh.vertices.row(i) = u.cast<float>().transpose();
    }
  }
  // Radial scaling of a star-shaped mesh about the origin keeps every face inside its own cone,
  // so the blob cannot self-intersect and stays watertight.
  for (int i = 0; i < mesh.vertex_count(); ++i) {
    const Eigen::Vector3d u = mesh.vertices.row(i).transpose().cast<double>();
    double radius = 1.0;
    for (std::size_t k = 0; k < directions.size(); ++k) {
      radius += params.amplitude * heights[k] * std::exp(kappa * (u.dot(directions[k]) - 1.0));
    }
    mesh.vertices.row(i) = (radius * u).cast<float>().transpose();
  }
  return mesh;
}

TriangleMesh twisted_torus(const TwistedTorusParams& p) {
  require(p.major > 0 && std::isfinite(p.major), "twisted-torus: major: must be positive");
  require(p.a > 0 && p.a < p.major, "twisted-torus: a: must be in (0, major)");
  require(p.b > 0 && p.b < p.major, "twisted-torus: b: must be in (0, major)");
  require(std::isfinite(p.turns) && std::abs(p.turns) <= 64 && std::round(2 * p.turns) == 2 * p.turns,
          "twisted-torus: turns: must be a multiple of 0.5 in [-64, 64]");
  require(p.rings >= 3 && p.rings <= 4096, "twisted-torus: rings: must be in [3, 4096], got " + std::to_string(p.rings));
  require(p.segments >= 4 && p.segments <= 4096,
          "twisted-torus: segments: must be in [4, 4096], got " + std::to_string(p.segments));
  const bool half_turn = std::lround(2 * p.turns) % 2 != 0;
  require(!half_turn || p.segments % 2 == 0, "twisted-torus: segments: must be even when turns is a half-integer");
  TriangleMesh mesh;
  mesh.vertices.resize(p.rings * p.segments, 3);
  for (int i = 0; i < p.rings; ++i) {
    const double phi = 2 * kPi * i / p.rings;
    const double twist = p.turns * phi;  // rotation of the cross-section in its (radial, z) plane
    for (int j = 0; j < p.segments; ++j) {
      const double theta = 2 * kPi * j / p.segments;
      const double u = p.a * std::cos(theta), v = p.b * std::sin(theta);
      const double radial = u * std::cos(twist) - v * std::sin(twist);
      const double z = u * std::sin(twist) + v * std::cos(twist);
      const double rho = p.major + radial;
      mesh.vertices.row(i * p.segments + j) << static_cast<float>(rho * std::cos(phi)),
          static_cast<float>(rho * std::sin(phi)), static_cast<float>(z);
    }
  }
  // Going once around, the cross-section turns by 2 pi turns; after a half turn the ellipse
  // maps onto itself with theta shifted by pi, so ring `rings` is ring 0 shifted by segments / 2.
  const int closing_shift = half_turn ? p.segments / 2 : 0;
  // A rotation of the cross-section keeps the torus's orientation (see torus()).
  mesh.faces = periodic_grid_faces(p.rings, p.segments, [&](int i, int j) {
    const int shift = i == p.rings ? closing_shift : 0;
    return static_cast<std::int32_t>((i % p.rings) * p.segments + (j + shift) % p.segments);
  });
  return mesh;
}

}  // namespace monge::mesh
