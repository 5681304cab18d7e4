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
  latest_ = flow_->diagnostics();
  // With a history limit only the steps on its grid are kept (thin_history); the first always.
  if (history_.empty() || state_.step % history_spacing_ == 0) {
    history_.push_back({state_.step, state_.time, latest_});
    thin_history();
  }
}

void Simulation::set_history_limit(std::size_t records) {
  history_limit_ = records;
  thin_history();
}

void Simulation::thin_history() {
  if (history_limit_ == 0 || history_.size() < 2 * history_limit_) return;
  history_spacing_ *= 2;  // every other grid step goes; the first record (the run's start) stays
  std::size_t kept = 1;
  for (std::size_t i = 1; i < history_.size(); ++i) {
    if (history_[i].step % history_spacing_ != 0) continue;
    if (kept != i) history_[kept] = std::move(history_[i]);
    ++kept;
  }
  history_.resize(kept);
}

void Simulation::reset() {
  state_ = initial_;
  history_.clear();
  history_spacing_ = 1;
  latest_.clear();
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
  latest_ = history_.empty() ? Diagnostics{} : history_.back().values;
  if (flow_) flow_->reset();
}

}  // namespace monge
