// The "sinkhorn-divergence" flow of a scene (documented in docs/scenes.md):
//   {"kind": "sinkhorn-divergence", "eps": 0.05, "step": 0.5, "method": "sinkhorn",
//    "tol": 1e-6, "max_iter": 2000}
// Every field but "kind" is optional; the defaults are those shown. The scene needs a target.
#include <utility>

#include "app/scene/flow_factory.hpp"
#include "solvers/entropic/divergence_flow.hpp"

namespace monge {

std::unique_ptr<Flow> make_entropic_flow(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "eps", "step", "method", "tol", "max_iter"});
  if (!scene.target) flow.fail("the sinkhorn-divergence flow needs a \"target\" measure in the scene");
  if (scene.source.dim() != scene.target->dim())
    flow.fail("source has d = " + std::to_string(scene.source.dim()) + " but target has d = " +
              std::to_string(scene.target->dim()));
  DivergenceFlowOptions o;
  o.solver.eps = flow.number_or("eps", 0.05, 1e-8, 1e8);
  o.step = flow.number_or("step", 0.5, 0.0, 1e6);
  o.solver.method = parse_entropic_method(flow.choice_or("method", "sinkhorn", {"sinkhorn", "sns"}), "flow.method");
  o.solver.tol = flow.number_or("tol", 1e-6, 0.0, 1.0);
  o.solver.max_iter = static_cast<int>(flow.integer_or("max_iter", 2000, 1, 10'000'000));
  if (o.solver.method == EntropicMethod::SinkhornNewtonSparse && !dense_fits(scene.source.size(), scene.target->size(), o.solver))
    flow["method"].fail("sns needs the dense mode, and source size times target size kernel entries exceed its memory "
                        "budget of " + std::to_string(static_cast<long long>(dense_memory_budget(o.solver) / 1e6)) +
                        " MB; use sinkhorn");
  return std::make_unique<SinkhornDivergenceFlow>(*scene.target, o, scene.source.weights);
}

}  // namespace monge
