#include "app/scene/scene_writer.hpp"

#include "base/atomic_file.hpp"

namespace monge {
namespace {

nlohmann::json absolute_paths(nlohmann::json measure, const std::filesystem::path& base_dir) {
  if (!measure.is_object()) return measure;
  for (const char* key : {"path", "weights"})
    if (measure.contains(key) && measure[key].is_string() && measure[key].get<std::string>().rfind("builtin:", 0) != 0) {
      const std::filesystem::path p(measure[key].get<std::string>());
      if (p.is_relative()) measure[key] = std::filesystem::absolute(base_dir / p).lexically_normal().string();
    }
  return measure;
}

}  // namespace

nlohmann::json scene_to_json(const Scene& scene, const nlohmann::json& flow, const nlohmann::json& view) {
  const std::filesystem::path base = scene.file.empty() ? std::filesystem::current_path() : scene.file.parent_path();
  nlohmann::json j = {{"name", scene.name}, {"dim", scene.dim}, {"seed", scene.seed}};
  j["source"] = absolute_paths(scene.source_spec, base);
  if (!scene.target_spec.is_null()) j["target"] = absolute_paths(scene.target_spec, base);
  if (!flow.is_null()) j["flow"] = flow;
  if (!view.is_null()) j["view"] = view;
  if (!scene.captions.empty()) {
    nlohmann::json captions = nlohmann::json::array();
    for (const auto& c : scene.captions) {
      nlohmann::json cj = {{"at", c.at}, {"text", c.text}};
      if (c.until >= 0) cj["until"] = c.until;
      captions.push_back(cj);
    }
    j["captions"] = captions;
  }
  if (!scene.compare.empty()) {
    nlohmann::json compare = nlohmann::json::array();
    for (const auto& v : scene.compare) compare.push_back({{"label", v.label}, {"flow", v.flow_patch}});
    j["compare"] = compare;
  }
  return j;
}

void save_scene(const std::filesystem::path& path, const nlohmann::json& scene) {
  write_file_atomically(path, scene.dump(2) + '\n');
}

}  // namespace monge
