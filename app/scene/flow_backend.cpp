#include "app/scene/flow_backend.hpp"

#include "solvers/energy/particle_flow.hpp"
#include "solvers/entropic/divergence_flow.hpp"
#include "solvers/sliced/sliced_flow.hpp"

namespace monge {

namespace {

// "CPU" without a runner, else the runner's own name ("CUDA (NVIDIA H200)").
template <class Runner>
std::string label_of(const std::shared_ptr<Runner>& runner) {
  return runner ? runner->name() : "CPU";
}

}  // namespace

std::string apply_backend(Flow& flow, Backend resolved) {
  if (auto* sliced = dynamic_cast<SlicedFlow*>(&flow)) {
    sliced->set_runner(make_projection_runner(resolved));
    return sliced->runner() ? sliced->runner()->name() : "CPU";
  }
  if (auto* divergence = dynamic_cast<SinkhornDivergenceFlow*>(&flow)) {
    auto runner = make_softmin_runner(resolved);
    divergence->set_softmin_runner(runner);
    return label_of(runner);
  }
  if (auto* particles = dynamic_cast<ParticleEnergyFlow*>(&flow)) {
    auto runner = make_interaction_runner(resolved);
    particles->set_interaction_runner(runner);
    return label_of(runner);
  }
  // Grid JKO (dense Gibbs kernels on a small grid) and mesh deformation stay on the CPU.
  if (resolved == Backend::Cuda) return "CPU (no GPU path for " + flow.kind() + ")";
  return "CPU";
}

}  // namespace monge
