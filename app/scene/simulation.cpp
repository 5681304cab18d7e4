#include "app/scene/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "app/scene/flow_backend.hpp"
#include "app/scene/flow_factory.hpp"
#include "base/errors.hpp"

namespace monge {

FlowState initial_state(const Scene& scene) {
  FlowState s;
  s.points = scene.source.points;
  return s;
}

Simulation::Simulation(Scene scene) : scene_(std::move(scene)) {
  flow_ = make_flow(scene_);
  initial_ = initial_state(scene_);
  if (flow_) flow_->initialize(initial_);
  state_ = initial_;
}

void Simulation::step() {
  if (!flow_) return;
  previous_ = state_;
  try {
    flow_->step(state_);
    // Every flow checks its own state; this is the backstop that keeps a NaN off the screen,
    // out of recordings and out of saved files whatever the flow.
    if (!state_.points.allFinite() ||
        !std::all_of(state_.grid.values.begin(), state_.grid.values.end(), [](float v) { return std::isfinite(v); }))
      throw SolverError(flow_->kind() + ": the state became non-finite (NaN or infinity) at step " +
                        std::to_string(state_.step + 1) + "; lower the step size");
    state_.step += 1;
    state_.time += flow_->dt();
  } catch (...) {
    std::swap(state_, previous_);  // keep the last good state on screen
    throw;
  }
  history_.push_back({state_.step, state_.time, flow_->diagnostics()});
}

void Simulation::reset() {
  state_ = initial_;
  history_.clear();
  if (flow_) flow_->reset();
}

void Simulation::set_flow_json(const nlohmann::json& flow) {
  Scene candidate = scene_;
  candidate.flow = flow;
  std::unique_ptr<Flow> rebuilt = make_flow(candidate);  // throws before anything changes
  scene_.flow = flow;
  flow_ = std::move(rebuilt);
  if (backend_ != Backend::Cpu) backend_label_ = apply_backend(*flow_, resolve_backend(backend_));
}

void Simulation::set_backend(Backend requested) {
  backend_ = requested;
  backend_label_ = flow_ ? apply_backend(*flow_, resolve_backend(requested)) : "CPU";
}

void Simulation::restore(const FlowState& state) {
  state_ = state;
  while (!history_.empty() && history_.back().step > state.step) history_.pop_back();
  if (flow_) flow_->reset();
}

}  // namespace monge
