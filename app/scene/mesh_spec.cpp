#include "app/scene/mesh_spec.hpp"

#include <cmath>

#include "app/io/coordinate_bound.hpp"
#include "app/io/point_file.hpp"
#include "base/errors.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"

namespace monge {
namespace {

// "vertices": [[x, y, z], ...] and "faces": [[a, b, c], ...] written in the scene: what `monge show -`
// saves for a mesh read from standard input, which cannot be read again.
mesh::TriangleMesh read_inline_mesh(const JsonNode& spec) {
  const JsonNode vertices = spec["vertices"], faces = spec["faces"];
  const std::size_t v = vertices.array_size(), f = faces.array_size();
  if (v < 3) vertices.fail("a mesh needs at least 3 vertices");
  if (f == 0) faces.fail("a mesh needs at least one face");
  if (static_cast<long long>(v) > kMaxPoints) vertices.fail("more than " + std::to_string(kMaxPoints) + " vertices");
  if (static_cast<long long>(f) > 2 * kMaxPoints) faces.fail("more than " + std::to_string(2 * kMaxPoints) + " faces");
  mesh::TriangleMesh m;
  m.vertices.resize(static_cast<Eigen::Index>(v), 3);
  for (std::size_t i = 0; i < v; ++i) {
    const JsonNode row = vertices.at(i);
    row.vector(3);  // the length check
    for (int c = 0; c < 3; ++c) {
      const double x = row.at(c).number();
      if (!(std::abs(x) <= kMaxCoordinate)) row.at(c).fail(kCoordinateRule);
      m.vertices(static_cast<Eigen::Index>(i), c) = static_cast<float>(x);
    }
  }
  m.faces.reserve(3 * f);
  for (std::size_t k = 0; k < f; ++k) {
    const JsonNode face = faces.at(k);
    face.vector(3);
    for (int c = 0; c < 3; ++c)
      m.faces.push_back(static_cast<std::int32_t>(face.at(c).integer(0, static_cast<long long>(v) - 1)));
  }
  return m;
}

mesh::TriangleMesh read_mesh_source(const JsonNode& spec, const std::filesystem::path& base_dir) {
  if (spec.has("vertices") || spec.has("faces")) {
    if (spec.has("path")) spec["path"].fail("give either \"path\" or \"vertices\" and \"faces\", not both");
    return read_inline_mesh(spec);
  }
  const std::string path = spec["path"].string();
  try {
    if (mesh::is_builtin_spec(path)) return mesh::builtin_mesh(path);
    const std::filesystem::path p(path);
    return mesh::load_mesh((p.is_relative() ? base_dir / p : p).string());
  } catch (const InputError& e) {
    spec["path"].fail(e.what());
  }
}

}  // namespace

mesh::TriangleMesh read_mesh_spec(const JsonNode& spec, int dim, const std::filesystem::path& base_dir) {
  spec.only_keys({"kind", "path", "vertices", "faces", "center", "scale"});
  if (dim != 3) spec["kind"].fail("mesh measures are 3D but the scene's dim is " + std::to_string(dim));
  mesh::TriangleMesh m = read_mesh_source(spec, base_dir);
  const float scale = static_cast<float>(spec.number_or("scale", 1.0, 1e-6, 1e6));
  m.vertices *= scale;
  if (spec.has("center")) {
    const auto c = spec["center"].vector(3);
    for (int i = 0; i < m.vertex_count(); ++i)
      for (int k = 0; k < 3; ++k) m.vertices(i, k) += static_cast<float>(c[k]);
  }
  return m;
}

}  // namespace monge
