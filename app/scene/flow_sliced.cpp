// The "sliced-wasserstein" flow of a scene (documented in docs/scenes.md):
//   {"kind": "sliced-wasserstein", "projections": 64, "directions": "mc", "estimator": "plain",
//    "step": 1.0, "noise": 0, "p": 2, "kappa": 50}
// Every field but "kind" is optional; the defaults are those shown. The scene needs a target.
#include <utility>

#include "app/scene/flow_factory.hpp"
#include "solvers/sliced/sliced_flow.hpp"

namespace monge {

std::unique_ptr<Flow> make_sliced_flow(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "projections", "directions", "estimator", "step", "noise", "p", "kappa"});
  if (!scene.target) flow.fail("the sliced-wasserstein flow needs a \"target\" measure in the scene");
  SlicedFlowOptions o;
  o.sw.projections = static_cast<int>(flow.integer_or("projections", 64, 1, 100000));
  o.sw.directions = parse_direction_scheme(
      flow.choice_or("directions", "mc", {"mc", "orthogonal", "qmc", "max", "vmf"}), "flow.directions");
  o.sw.estimator = parse_estimator(flow.choice_or("estimator", "plain", {"plain", "lcv", "ucv"}), "flow.estimator");
  o.step = flow.number_or("step", 1.0, 0.0, 1e6);
  o.noise = flow.number_or("noise", 0.0, 0.0, 1e6);
  o.sw.p = static_cast<int>(flow.integer_or("p", 2, 1, 2));
  o.sw.kappa = flow.number_or("kappa", 50.0, 1e-6, 1e6);
  const int d = scene.target->dim();
  if (o.sw.directions == DirectionScheme::QuasiMonteCarlo && d != 2 && d != 3)
    flow["directions"].fail("qmc directions are defined for d = 2 and 3 only (this scene has d = " + std::to_string(d) +
                            "); use mc or orthogonal");
  if (o.sw.estimator != Estimator::Plain &&
      (o.sw.directions == DirectionScheme::MaxSliced || o.sw.directions == DirectionScheme::VonMisesFisher))
    flow["estimator"].fail(std::string(estimator_name(o.sw.estimator)) +
                           " assumes directions uniform on the sphere (mc, orthogonal or qmc)");
  if (scene.source.dim() != d)
    flow.fail("source has d = " + std::to_string(scene.source.dim()) + " but target has d = " + std::to_string(d));
  return std::make_unique<SlicedFlow>(*scene.target, o, scene.seed, scene.source.weights);
}

}  // namespace monge
