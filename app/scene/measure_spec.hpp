#pragma once
// A scene's MEASURE object ({"kind": "gaussian", ...}, {"kind": "uniform", "shape": "disk", ...},
// {"kind": "image", ...}, {"kind": "file", ...}, {"kind": "points", ...}, {"kind": "mesh", ...})
// read and sampled (a mesh gives its vertices: app/scene/mesh_spec.hpp).
// The format is documented in docs/scenes.md.
#include <filesystem>

#include "app/scene/json_node.hpp"
#include "solvers/common/random.hpp"
#include "solvers/common/types.hpp"

namespace monge {

// Validates every field of `spec` (errors name its JSON path, e.g. "source.radius"), then
// samples the measure with `rng`. The result has `dim` columns; a measure that cannot have
// `dim` columns (a 3D shape in a 2D scene, a file with other columns) is an error.
// Relative file paths resolve against `base_dir`.
Measure read_measure(const JsonNode& spec, int dim, const std::filesystem::path& base_dir,
                     const CounterRng& rng);

}  // namespace monge
