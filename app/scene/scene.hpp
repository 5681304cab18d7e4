#pragma once
// A scene file (JSON): the measures, the flow and its parameters, the view and the captions.
// Format documented in docs/scenes.md. The same file and seed always give the same points.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/mesh/mesh.hpp"

namespace monge {

struct Caption {
  double at = 0.0;        // flow time at which the caption appears
  double until = -1.0;    // flow time at which it disappears (-1: until the next caption)
  std::string text;
};

// One configuration of a split view: `flow_patch` replaces fields of the scene's flow object
// (e.g. {"estimator": "lcv"}), so every variant starts from the same measures and seed.
struct SceneVariant {
  std::string label;
  nlohmann::json flow_patch;
};

struct Scene {
  std::string name;
  int dim = 2;
  std::uint64_t seed = 0;
  Measure source;                  // always present
  std::optional<Measure> target;   // optional
  // Meshes of "kind": "mesh" measures (the measure is then their vertices).
  std::optional<mesh::TriangleMesh> source_mesh, target_mesh;
  nlohmann::json source_spec;      // the MEASURE objects as written, kept to save the scene back
  nlohmann::json target_spec;      // null when there is no target
  nlohmann::json flow;             // the "flow" object as written (null: no flow); see flow_factory.hpp
  nlohmann::json view;             // the "view" object as written (may be null); read by the app
  std::vector<Caption> captions;
  std::vector<SceneVariant> compare;  // empty, or 2..6 side-by-side variants (a split view)
  std::filesystem::path file;      // where it was loaded from (empty if parsed from a string)
  std::string file_label;          // how errors name the file
};

// Parse and validate a scene; sample its measures. Relative paths in measures resolve against
// `base_dir`. Throws InputError naming `file_label` and the JSON path of the first bad field.
Scene parse_scene(const nlohmann::json& json, const std::filesystem::path& base_dir,
                  const std::string& file_label);
// The scene of one split-view variant: the same measures and seed, its flow patched.
Scene variant_scene(const Scene& scene, const SceneVariant& variant);

// Parse and validate the text of a scene file (JSON with comments): JSON errors name `file_label`
// and the line and column (json_node.hpp parse_json_text), field errors the JSON path.
Scene parse_scene_text(std::string_view text, const std::filesystem::path& base_dir, const std::string& file_label);
// Read a scene file (errors name the file, and the line and column of a JSON syntax error).
Scene load_scene(const std::filesystem::path& path);

}  // namespace monge
