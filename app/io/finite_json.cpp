#include "app/io/finite_json.hpp"

#include <cmath>
#include <cstdio>

#include "base/errors.hpp"

namespace monge {
namespace {

// The path of the first non-finite number under `j` ("a.b[2]"), or "" if there is none.
bool find_non_finite(const nlohmann::json& j, const std::string& path, std::string& found, double& value) {
  if (j.is_number_float()) {
    value = j.get<double>();
    if (std::isfinite(value)) return false;
    found = path;
    return true;
  }
  if (j.is_object()) {
    for (const auto& [key, child] : j.items())
      if (find_non_finite(child, path.empty() ? key : path + "." + key, found, value)) return true;
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (find_non_finite(j[i], path + "[" + std::to_string(i) + "]", found, value)) return true;
  }
  return false;
}

}  // namespace

std::string dump_finite_json(const nlohmann::json& json) {
  std::string path;
  double value = 0;
  if (find_non_finite(json, "", path, value))
    throw SolverError("--json: " + (path.empty() ? std::string("the value") : path) + " is " +
                      (std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf") + ", not a number JSON can carry");
  return json.dump();
}

}  // namespace monge
