#pragma once
// A scene's flow and its state: what the GUI, `monge run` and `monge record` all advance, so what
// a user sees is what gets recorded. Single-threaded; the GUI runs it on a worker thread.
#include <memory>
#include <vector>

#include "app/scene/scene.hpp"
#include "solvers/backend/backend.hpp"
#include "solvers/common/flow.hpp"

namespace monge {

struct DiagnosticsRecord {
  std::uint64_t step = 0;
  double time = 0.0;
  Diagnostics values;
};

class Simulation {
 public:
  // Builds the scene's flow (InputError for a bad "flow" object). A scene without a flow is
  // valid: it only shows its measures, and step() does nothing.
  explicit Simulation(Scene scene);

  const Scene& scene() const { return scene_; }
  const FlowState& state() const { return state_; }
  bool has_flow() const { return flow_ != nullptr; }
  Flow* flow() { return flow_.get(); }
  double dt() const { return flow_ ? flow_->dt() : 0.0; }

  // One step of the flow; throws SolverError (and leaves the previous state) if it blows up.
  void step();
  // Back to the scene's initial state; the flow forgets warm starts.
  void reset();
  // Replace the flow's parameters while it runs (e.g. a new step size from the GUI). On an
  // InputError the current flow stays.
  void set_flow_json(const nlohmann::json& flow);
  // Continue from an earlier state (e.g. a timeline frame), dropping later history.
  void restore(const FlowState& state);

  const std::vector<DiagnosticsRecord>& history() const { return history_; }
  // The diagnostics of the latest step (empty before the first): always current, whether or not
  // the history keeps that step.
  const Diagnostics& latest_diagnostics() const { return latest_; }
  // Keep about `records` diagnostics records at most (0, the default: all of them): records are
  // kept at steps on a grid whose spacing doubles whenever twice that many are held (the first
  // step's always), so the history covers the whole run evenly, as the GUI's timeline does; the
  // newest step may lie between grid steps (latest_diagnostics() has it). A window playing
  // for an hour otherwise grew by ~200 bytes a step and copied it all every frame.
  void set_history_limit(std::size_t records);

  // Run the flow on `requested` (auto, cpu or cuda; resolve_backend says once on stderr when CUDA
  // cannot run) from the next step on; kept when the flow's parameters change. The default is cpu.
  void set_backend(Backend requested);
  Backend requested_backend() const { return backend_; }
  // What runs the flow now, e.g. "CPU" or "CUDA (NVIDIA H200)" (flow_backend.hpp).
  const std::string& backend_label() const { return backend_label_; }

 private:
  Backend backend_ = Backend::Cpu;
  std::string backend_label_ = "CPU";
  Scene scene_;
  std::unique_ptr<Flow> flow_;
  FlowState initial_;
  FlowState state_;
  FlowState previous_;  // reused buffer: the state before the step in flight
  std::vector<DiagnosticsRecord> history_;
  std::size_t history_limit_ = 0;
  std::uint64_t history_spacing_ = 1;  // steps between kept records (a power of two)
  Diagnostics latest_;
  void thin_history();
};

// Initial state of a scene: the source points at step 0 (and the flow's grid, if any).
FlowState initial_state(const Scene& scene);

}  // namespace monge
