#pragma once
// Builds the Flow a scene's "flow" object names. Each flow kind reads its own fields in its own
// file (flow_<area>.cpp) through JsonNode, so errors name the JSON path ("flow.step: ...").
#include <memory>

#include "app/scene/json_node.hpp"
#include "app/scene/scene.hpp"
#include "solvers/common/flow.hpp"

namespace monge {

// nullptr if the scene has no flow. Throws InputError for an unknown kind or a bad field.
std::unique_ptr<Flow> make_flow(const Scene& scene);

// One per flow area; `flow` is the scene's "flow" object, already known to be an object.
std::unique_ptr<Flow> make_sliced_flow(const JsonNode& flow, const Scene& scene);
std::unique_ptr<Flow> make_entropic_flow(const JsonNode& flow, const Scene& scene);
std::unique_ptr<Flow> make_energy_flow(const JsonNode& flow, const Scene& scene);
std::unique_ptr<Flow> make_mesh_flow(const JsonNode& flow, const Scene& scene);
std::unique_ptr<Flow> make_gaussian_flow(const JsonNode& flow, const Scene& scene);
std::unique_ptr<Flow> make_divergence_flow(const JsonNode& flow, const Scene& scene);  // and monge-gap

}  // namespace monge
