#include "app/scene/mesh_spec.hpp"

#include "base/errors.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"

namespace monge {

mesh::TriangleMesh read_mesh_spec(const JsonNode& spec, int dim, const std::filesystem::path& base_dir) {
  spec.only_keys({"kind", "path", "center", "scale"});
  if (dim != 3) spec["kind"].fail("mesh measures are 3D but the scene's dim is " + std::to_string(dim));
  const std::string path = spec["path"].string();
  mesh::TriangleMesh m;
  try {
    if (mesh::is_builtin_spec(path)) {
      m = mesh::builtin_mesh(path);
    } else {
      const std::filesystem::path p(path);
      m = mesh::load_mesh((p.is_relative() ? base_dir / p : p).string());
    }
  } catch (const InputError& e) {
    spec["path"].fail(e.what());
  }
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
