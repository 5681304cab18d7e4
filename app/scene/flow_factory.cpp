#include "app/scene/flow_factory.hpp"

#include <functional>
#include <utility>

namespace monge {

std::unique_ptr<Flow> make_flow(const Scene& scene) {
  if (scene.flow.is_null()) return nullptr;
  const JsonNode flow(scene.flow, scene.file_label, "flow");
  if (!flow.json().is_object()) flow.fail("expected an object");
  using Builder = std::function<std::unique_ptr<Flow>(const JsonNode&, const Scene&)>;
  // Flow kinds and the area that builds them; one line per area.
  static const std::vector<std::pair<std::vector<std::string>, Builder>> areas = {
      {{"sliced-wasserstein"}, make_sliced_flow},
      {{"sinkhorn-divergence"}, make_entropic_flow},
      {{"fokker-planck", "aggregation", "porous-medium", "jko-grid"}, make_energy_flow},
      {{"mesh-deformation"}, make_mesh_flow},
      {{"gaussian-geodesic", "gaussian-barycentre", "spd-batch-norm", "diffusion-forward", "diffusion-sampler"},
       make_gaussian_flow},
      {{"divergence-fit", "monge-gap"}, make_divergence_flow},
  };
  std::vector<std::string> kinds;
  for (const auto& [names, build] : areas) kinds.insert(kinds.end(), names.begin(), names.end());
  const std::string kind = flow["kind"].choice(kinds);
  for (const auto& [names, build] : areas)
    for (const auto& name : names)
      if (name == kind) return build(flow, scene);
  return nullptr;  // unreachable: choice() rejected unknown kinds
}

}  // namespace monge
