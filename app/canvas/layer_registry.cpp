#include "app/canvas/layer_registry.hpp"

#include "app/canvas/layers/caption_layer.hpp"
#include "app/canvas/layers/density_layer.hpp"
#include "app/canvas/layers/exact_ellipse_layer.hpp"
#include "app/canvas/layers/figure_layers.hpp"
#include "app/canvas/layers/mesh_layer.hpp"
#include "app/canvas/layers/particles_layer.hpp"
#include "app/canvas/layers/plan_layer.hpp"
#include "app/canvas/layers/selection_layer.hpp"
#include "app/canvas/layers/target_layer.hpp"
#include "app/canvas/layers/trails_layer.hpp"
#include "app/canvas/layers/velocity_layer.hpp"

namespace monge {
namespace {

// A kind with at most one layer per scene.
template <std::unique_ptr<Layer> (*make_one)(const LayerSetup&)>
std::vector<std::unique_ptr<Layer>> single(const LayerSetup& setup) {
  std::vector<std::unique_ptr<Layer>> layers;
  if (auto layer = make_one(setup)) layers.push_back(std::move(layer));
  return layers;
}

}  // namespace

const std::vector<LayerKind>& layer_kinds() {
  static const std::vector<LayerKind> kinds = {
      {"", single<DensityLayer::make>},
      {"figures", ScalarFieldLayer::make_all},
      {"", single<TargetLayer::make>},
      {"", single<MeshLayer::make>},
      {"", single<TargetMeshLayer::make>},
      {"", single<TrailsLayer::make>},
      {"", single<ParticlesLayer::make>},
      {"", single<PlanLayer::make>},
      {"", single<ExactEllipseLayer::make>},
      {"figures", EllipseSetLayer::make_all},
      {"figures", ArrowSetLayer::make_all},
      {"velocity", single<VelocityLayer::make>},
      {"", single<SelectionLayer::make>},
      {"", single<CaptionLayer::make>},
  };
  return kinds;
}

}  // namespace monge
