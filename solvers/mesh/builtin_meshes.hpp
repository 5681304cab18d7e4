#pragma once
// Meshes generated in code, and the "builtin:NAME?key=value&..." names that the CLI, scenes and
// GUI accept wherever a mesh file is expected. Every built-in mesh is closed (watertight), has
// no duplicate vertices, has its faces oriented outward (counter-clockwise seen from outside,
// positive signed volume), and is centred at the origin. Invalid parameters throw InputError
// naming the parameter ("torus: minor: must be in (0, major)").
//
// Names and defaults (docs/mesh.md has the same table):
//   builtin:icosphere      subdivisions=3 radius=1
//   builtin:uv-sphere      rings=24 segments=48 radius=1
//   builtin:ellipsoid      a=1.5 b=1 c=0.6 subdivisions=3
//   builtin:torus          major=1 minor=0.35 rings=48 segments=24
//   builtin:twisted-torus  major=1 a=0.5 b=0.2 turns=1 rings=64 segments=32
//   builtin:blob           lobes=6 amplitude=0.5 seed=1 subdivisions=3 crowd=0
#include <cstdint>
#include <string>
#include <vector>

#include "solvers/mesh/mesh.hpp"

namespace monge::mesh {

// Subdivided icosahedron projected on the sphere: 10 * 4^s + 2 vertices, 20 * 4^s faces.
// subdivisions in [0, 8].
TriangleMesh icosphere(int subdivisions = 3, float radius = 1.0f);

// Latitude/longitude sphere around the z axis with one vertex at each pole:
// (rings - 1) * segments + 2 vertices. rings >= 2, segments >= 3.
TriangleMesh uv_sphere(int rings = 24, int segments = 48, float radius = 1.0f);

// Torus around the z axis: tube centre circle of radius `major`, tube radius `minor`
// (0 < minor < major); rings >= 3 around the z axis, segments >= 3 around the tube.
// Area 4 pi^2 R r and volume 2 pi^2 R r^2 in the limit of fine meshes.
TriangleMesh torus(float major = 1.0f, float minor = 0.35f, int rings = 48, int segments = 24);

// An icosphere of radius 1 scaled by (a, b, c) along (x, y, z); all positive.
TriangleMesh ellipsoid(float a = 1.5f, float b = 1.0f, float c = 0.6f, int subdivisions = 3);

// A star-shaped blob: the unit icosphere with each vertex direction u moved to radius
//   r(u) = 1 + amplitude * sum_k c_k exp(kappa (u . d_k - 1)),
// lobes `lobes` with random directions d_k and heights c_k in [0.5, 1] drawn from
// CounterRng(seed, stream 0x626c6f62), kappa = 4 (each lobe is a smooth von Mises bump about
// 60 degrees wide). Star-shaped, so never self-intersecting. lobes in [0, 64],
// amplitude in [0, 4].
// `crowd` remeshes the same surface non-uniformly: before the radius is applied, the vertex
// directions flow for time 0.4 |crowd| along (crowd > 0) or against (crowd < 0) the tangential
// gradient of the lobe function f(u) = sum_k c_k exp(kappa (u . d_k - 1)) (64 Euler steps, each
// renormalised onto the sphere). The flow of a smooth field is a diffeomorphism of the sphere, so
// the mesh stays closed, oriented and star-shaped; vertices gather on the lobes (crowd > 0: as a
// mesh refined where it bends; crowd = 1 spreads the area per vertex over a factor 37 between
// the 5th and 95th percentiles, against 5 for the plain blob) or in the valleys between them
// (crowd < 0, whose coarser facets then cut the lobes' tops: at subdivisions=3 and amplitude 0.8,
// 13% less area). Either way vertex density differs from area density (the case the surface and
// varifold measures are for). crowd in [-1, 1]; 0 is the plain blob.
struct BlobParams {
  int lobes = 6;
  float amplitude = 0.5f;
  std::uint64_t seed = 1;
  int subdivisions = 3;
  float crowd = 0.0f;
};
TriangleMesh blob(const BlobParams& params = {});

// A torus whose cross-section is an ellipse (semi-axis a along the radial direction and b along
// z before the twist) that rotates by `turns` full turns as it goes once around the z axis.
// turns must be a multiple of 0.5 (so the tube closes; for half turns `segments` must be even);
// 0 < a, b and max(a, b) < major, rings >= 3, segments >= 4.
struct TwistedTorusParams {
  float major = 1.0f;
  float a = 0.5f;
  float b = 0.2f;
  float turns = 1.0f;
  int rings = 64;
  int segments = 32;
};
TriangleMesh twisted_torus(const TwistedTorusParams& params = {});

// One parameter of a built-in mesh, with its default as written in a spec.
struct BuiltinParameter {
  std::string name;
  std::string default_value;
  std::string description;
};
struct BuiltinMeshInfo {
  std::string name;  // e.g. "icosphere" (spec "builtin:icosphere")
  std::string description;
  std::vector<BuiltinParameter> parameters;
};
// The built-in meshes in display order (for help texts and GUI menus).
const std::vector<BuiltinMeshInfo>& builtin_mesh_catalog();

// True when `spec` starts with "builtin:".
bool is_builtin_spec(const std::string& spec);

// Builds "builtin:NAME" or "builtin:NAME?key=value&key=value". An unknown name or parameter, or
// a value that does not parse, throws InputError listing the valid names / parameters.
TriangleMesh builtin_mesh(const std::string& spec);

// builtin_mesh(spec) for "builtin:..." specs, load_mesh(spec) for anything else.
TriangleMesh load_mesh_or_builtin(const std::string& spec);

}  // namespace monge::mesh
