#pragma once
// "Save scene as": a scene and the app's current state (flow parameters, view, camera,
// captions) written back as a scene file that loads to the same points and frames.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/scene/scene.hpp"

namespace monge {

// The scene as JSON with `flow` and `view` replacing the loaded ones. Relative "path" and
// "weights" of file and image measures become absolute, so the file can be saved anywhere.
nlohmann::json scene_to_json(const Scene& scene, const nlohmann::json& flow, const nlohmann::json& view);
// Write it (pretty-printed) atomically; throws std::runtime_error naming the path on failure.
void save_scene(const std::filesystem::path& path, const nlohmann::json& scene);

}  // namespace monge
