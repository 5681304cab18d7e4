#include "app/scene/scene.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "app/scene/json_node.hpp"
#include "app/scene/measure_spec.hpp"
#include "app/scene/mesh_spec.hpp"
#include "app/scene/view_settings.hpp"
#include "base/errors.hpp"
#include "solvers/common/random.hpp"

namespace monge {
namespace {

// RNG streams of the two measures: distinct (a disk-to-disk scene must not start with the target
// on top of the source), and far from the small stream numbers flows derive from step indices.
const std::uint64_t kSourceStream = mix64(0x736f75726365ull);  // "source"
const std::uint64_t kTargetStream = mix64(0x746172676574ull);  // "target"

constexpr long long kMaxSeed = 1LL << 53;  // JSON numbers are doubles: larger seeds lose digits

std::vector<Caption> read_captions(const JsonNode& list) {
  std::vector<Caption> captions;
  for (std::size_t i = 0; i < list.array_size(); ++i) {
    const JsonNode c = list.at(i);
    c.only_keys({"at", "until", "text"});
    Caption caption;
    caption.at = c["at"].number(0.0);
    if (c.has("until")) caption.until = c["until"].number(caption.at);
    caption.text = c["text"].string();
    captions.push_back(std::move(caption));
  }
  std::stable_sort(captions.begin(), captions.end(), [](const Caption& a, const Caption& b) { return a.at < b.at; });
  return captions;
}

// "compare": [{"label": "...", "flow": {fields replaced in the scene's flow}}, ...]
std::vector<SceneVariant> read_variants(const JsonNode& list) {
  constexpr std::size_t kMaxVariants = 6;  // columns narrower than this are unreadable
  if (list.array_size() < 2 || list.array_size() > kMaxVariants)
    list.fail("expected 2 to " + std::to_string(kMaxVariants) + " variants, got " + std::to_string(list.array_size()));
  std::vector<SceneVariant> variants;
  for (std::size_t i = 0; i < list.array_size(); ++i) {
    const JsonNode v = list.at(i);
    v.only_keys({"label", "flow"});
    SceneVariant variant;
    variant.label = v["label"].string();
    if (!v["flow"].json().is_object()) v["flow"].fail("expected an object of flow fields to replace");
    if (v["flow"].json().contains("kind")) v["flow"]["kind"].fail("a variant keeps the scene's flow kind");
    variant.flow_patch = v["flow"].json();
    variants.push_back(std::move(variant));
  }
  return variants;
}

}  // namespace

Scene parse_scene(const nlohmann::json& json, const std::filesystem::path& base_dir, const std::string& file_label) {
  const JsonNode root(json, file_label);
  root.only_keys({"name", "dim", "seed", "source", "target", "flow", "view", "captions", "compare"});
  Scene scene;
  const std::string stem = std::filesystem::path(file_label).stem().string();
  scene.name = root.string_or("name", stem.empty() ? "untitled" : stem);
  scene.dim = static_cast<int>(root.integer_or("dim", 2, 2, 3));
  scene.seed = static_cast<std::uint64_t>(root.integer_or("seed", 0, 0, kMaxSeed));
  scene.file_label = file_label;

  // The cheap fields first, so that a typo in them costs no sampling.
  if (root.has("flow")) {
    const JsonNode flow = root["flow"];
    if (!flow.json().is_object()) flow.fail("expected an object with a \"kind\"");
    scene.flow = flow.json();
  }
  if (root.has("view")) {
    const JsonNode view = root["view"];
    if (!view.json().is_object()) view.fail("expected an object");
    parse_view(view, scene.dim);  // validated now, read again by the app
    scene.view = view.json();
  }
  if (root.has("captions")) scene.captions = read_captions(root["captions"]);
  if (root.has("compare")) {
    if (scene.flow.is_null()) root["compare"].fail("needs a \"flow\" to vary");
    scene.compare = read_variants(root["compare"]);
  }

  const JsonNode source = root["source"];
  if (!source.json().is_object()) source.fail("expected a measure object with a \"kind\"");
  if (root.has("target") && !root["target"].json().is_object())
    root["target"].fail("expected a measure object with a \"kind\"");
  // A mesh measure keeps its mesh (drawn as a surface, deformed by mesh flows).
  auto read_one = [&](const JsonNode& spec, std::uint64_t stream, std::optional<mesh::TriangleMesh>& mesh_out) {
    if (spec.has("kind") && spec["kind"].json() == "mesh") {
      mesh_out = read_mesh_spec(spec, scene.dim, base_dir);
      Measure m;
      m.points = mesh_out->vertices;
      return m;
    }
    return read_measure(spec, scene.dim, base_dir, CounterRng(scene.seed, stream));
  };
  scene.source = read_one(source, kSourceStream, scene.source_mesh);
  scene.source_spec = source.json();
  if (root.has("target")) {
    const JsonNode target = root["target"];
    scene.target = read_one(target, kTargetStream, scene.target_mesh);
    scene.target_spec = target.json();
  }
  return scene;
}

Scene variant_scene(const Scene& scene, const SceneVariant& variant) {
  Scene patched = scene;
  patched.flow.update(variant.flow_patch);
  patched.compare.clear();
  return patched;
}

Scene parse_scene_text(std::string_view text, const std::filesystem::path& base_dir, const std::string& file_label) {
  const nlohmann::json json = parse_json_text(text, file_label);
  try {
    return parse_scene(json, base_dir, file_label);
  } catch (const nlohmann::json::exception& e) {
    // JsonNode checks every type before it reads a value, so this is a bug, but the user still
    // learns which file, without the library's "[json.exception...]" prefix.
    std::string why = e.what();
    if (const auto bracket = why.find("] "); bracket != std::string::npos) why = why.substr(bracket + 2);
    throw InputError(file_label + ": " + why);
  }
}

Scene load_scene(const std::filesystem::path& path) {
  const std::string label = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(label + ": is a folder, not a scene file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(label + ": cannot open scene file (" + std::strerror(errno) + ")");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  Scene scene = parse_scene_text(std::move(buffer).str(), path.parent_path(), label);
  scene.file = path;
  return scene;
}

}  // namespace monge
