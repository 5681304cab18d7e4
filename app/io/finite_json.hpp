#pragma once
// JSON for the CLI's --json output with no null where a number belongs: nlohmann::json writes
// NaN and infinity as null, which scripts then read as "missing". A non-finite number is a
// failure to report, not a value.
#include <nlohmann/json.hpp>
#include <string>

namespace monge {

// json.dump(), after checking that every number in it is finite. Throws SolverError naming the
// first field that is not ("--json: diagnostics.energy is nan").
std::string dump_finite_json(const nlohmann::json& json);

}  // namespace monge
