// "builtin:NAME?key=value&key=value" names of the built-in meshes (declared in builtin_meshes.hpp).
#include <map>
#include <string>

#include "base/errors.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"
#include "solvers/mesh/number_text.hpp"

namespace monge::mesh {

namespace {

constexpr const char* kPrefix = "builtin:";

// The parameters given in a spec, read as typed values with the catalog's defaults.
class SpecParameters {
 public:
  SpecParameters(std::string spec, const BuiltinMeshInfo& info, std::map<std::string, std::string> given)
      : spec_(std::move(spec)), info_(info), given_(std::move(given)) {}

  float real(const std::string& name) const {
    const std::string text = value_of(name);
    double value = 0;
    float single = 0;
    if (!parse_number(text, value) || !to_finite_float(value, single)) {
      throw InputError(spec_ + ": " + name + ": expected a number, got '" + text + "'");
    }
    return single;
  }
  long long integer(const std::string& name) const {
    const std::string text = value_of(name);
    long long value = 0;
    if (!parse_integer(text, value)) throw InputError(spec_ + ": " + name + ": expected an integer, got '" + text + "'");
    return value;
  }
  int small_integer(const std::string& name) const {
    const long long value = integer(name);
    if (value < -1000000 || value > 1000000) throw InputError(spec_ + ": " + name + ": out of range");
    return static_cast<int>(value);
  }

 private:
  std::string value_of(const std::string& name) const {
    auto given = given_.find(name);
    if (given != given_.end()) return given->second;
    for (const BuiltinParameter& parameter : info_.parameters) {
      if (parameter.name == name) return parameter.default_value;
    }
    return "";  // unreachable: the builders only ask for catalog parameters
  }

  std::string spec_;
  const BuiltinMeshInfo& info_;
  std::map<std::string, std::string> given_;
};

std::string valid_names() {
  std::string names;
  for (const BuiltinMeshInfo& info : builtin_mesh_catalog()) names += (names.empty() ? "" : ", ") + info.name;
  return names;
}

std::string valid_parameters(const BuiltinMeshInfo& info) {
  std::string list;
  for (const BuiltinParameter& parameter : info.parameters) {
    list += (list.empty() ? "" : ", ") + parameter.name + " (default " + parameter.default_value + ")";
  }
  return list;
}

TriangleMesh build(const std::string& name, const SpecParameters& p) {
  if (name == "icosphere") return icosphere(p.small_integer("subdivisions"), p.real("radius"));
  if (name == "uv-sphere") return uv_sphere(p.small_integer("rings"), p.small_integer("segments"), p.real("radius"));
  if (name == "ellipsoid") return ellipsoid(p.real("a"), p.real("b"), p.real("c"), p.small_integer("subdivisions"));
  if (name == "torus") {
    return torus(p.real("major"), p.real("minor"), p.small_integer("rings"), p.small_integer("segments"));
  }
  if (name == "twisted-torus") {
    TwistedTorusParams params;
    params.major = p.real("major");
    params.a = p.real("a");
    params.b = p.real("b");
    params.turns = p.real("turns");
    params.rings = p.small_integer("rings");
    params.segments = p.small_integer("segments");
    return twisted_torus(params);
  }
  BlobParams params;  // name == "blob"
  params.lobes = p.small_integer("lobes");
  params.amplitude = p.real("amplitude");
  const long long seed = p.integer("seed");
  params.seed = static_cast<std::uint64_t>(seed);
  params.subdivisions = p.small_integer("subdivisions");
  params.crowd = p.real("crowd");
  return blob(params);
}

}  // namespace

const std::vector<BuiltinMeshInfo>& builtin_mesh_catalog() {
  static const std::vector<BuiltinMeshInfo> catalog = {
      {"icosphere", "subdivided icosahedron on a sphere (10*4^s+2 vertices)",
       {{"subdivisions", "3", "subdivision steps, 0..8"}, {"radius", "1", "sphere radius"}}},
      {"uv-sphere", "latitude/longitude sphere around z",
       {{"rings", "24", "latitude bands, >= 2"}, {"segments", "48", "longitude segments, >= 3"},
        {"radius", "1", "sphere radius"}}},
      {"ellipsoid", "icosphere scaled by (a, b, c)",
       {{"a", "1.5", "semi-axis along x"}, {"b", "1", "semi-axis along y"}, {"c", "0.6", "semi-axis along z"},
        {"subdivisions", "3", "subdivision steps, 0..8"}}},
      {"torus", "torus around z",
       {{"major", "1", "radius of the tube's centre circle"}, {"minor", "0.35", "tube radius, < major"},
        {"rings", "48", "divisions around z, >= 3"}, {"segments", "24", "divisions around the tube, >= 3"}}},
      {"twisted-torus", "torus with an elliptic cross-section turning around the tube",
       {{"major", "1", "radius of the tube's centre circle"}, {"a", "0.5", "radial semi-axis, < major"},
        {"b", "0.2", "vertical semi-axis, < major"}, {"turns", "1", "turns of the ellipse, multiple of 0.5"},
        {"rings", "64", "divisions around z, >= 3"}, {"segments", "32", "divisions around the tube, >= 4"}}},
      {"blob", "star-shaped sphere with smooth random lobes",
       {{"lobes", "6", "number of lobes, 0..64"}, {"amplitude", "0.5", "lobe height, 0..4"},
        {"seed", "1", "random seed of the lobe directions"}, {"subdivisions", "3", "subdivision steps, 0..8"},
        {"crowd", "0", "vertices pulled onto the lobes (> 0) or away (< 0), same surface, -2..2"}}},
  };
  return catalog;
}

bool is_builtin_spec(const std::string& spec) { return spec.rfind(kPrefix, 0) == 0; }

TriangleMesh builtin_mesh(const std::string& spec) {
  if (!is_builtin_spec(spec)) throw InputError(spec + ": not a built-in mesh name (expected builtin:NAME)");
  const std::string rest = spec.substr(std::string(kPrefix).size());
  const std::size_t question = rest.find('?');
  const std::string name = rest.substr(0, question);
  const BuiltinMeshInfo* info = nullptr;
  for (const BuiltinMeshInfo& candidate : builtin_mesh_catalog()) {
    if (candidate.name == name) info = &candidate;
  }
  if (info == nullptr) throw InputError(spec + ": unknown built-in mesh '" + name + "'; valid: " + valid_names());

  std::map<std::string, std::string> given;
  if (question != std::string::npos) {
    const std::string query = rest.substr(question + 1);
    std::size_t start = 0;
    while (start <= query.size()) {
      const std::size_t amp = std::min(query.find('&', start), query.size());
      const std::string pair = query.substr(start, amp - start);
      start = amp + 1;
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      if (eq == std::string::npos) throw InputError(spec + ": '" + pair + "': expected key=value");
      const std::string key = pair.substr(0, eq);
      bool known = false;
      for (const BuiltinParameter& parameter : info->parameters) known = known || parameter.name == key;
      if (!known) {
        throw InputError(spec + ": unknown parameter '" + key + "' of " + name + "; valid: " + valid_parameters(*info));
      }
      given[key] = pair.substr(eq + 1);
    }
  }
  try {
    return build(name, SpecParameters(spec, *info, std::move(given)));
  } catch (const InputError& error) {
    const std::string message = error.what();
    if (message.rfind(spec, 0) == 0) throw;
    throw InputError(spec + ": " + message);  // generator errors name the parameter, add the spec
  }
}

TriangleMesh load_mesh_or_builtin(const std::string& spec) {
  return is_builtin_spec(spec) ? builtin_mesh(spec) : load_mesh(spec);
}

}  // namespace monge::mesh
