#pragma once
// A scene's mesh MEASURE: {"kind": "mesh", "path": "bunny.obj" | "builtin:icosphere?subdivisions=3",
// "center": [x, y, z], "scale": s}, or the mesh written in the scene instead of "path":
// "vertices": [[x, y, z], ...], "faces": [[a, b, c], ...] (0-based). The measure's points are the mesh's vertices (3D scenes only);
// the mesh itself is kept for drawing and for the mesh-deformation flow. Documented in
// docs/scenes.md and docs/mesh.md (built-in names).
#include <filesystem>

#include "app/scene/json_node.hpp"
#include "solvers/mesh/mesh.hpp"

namespace monge {

// Validates `spec` (errors name its JSON path, file and line), loads or builds the mesh, then
// scales it about the origin by `scale` and moves it by `center`.
mesh::TriangleMesh read_mesh_spec(const JsonNode& spec, int dim, const std::filesystem::path& base_dir);

}  // namespace monge
