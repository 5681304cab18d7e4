#pragma once
// The interface every flow implements. The GUI, `monge run` and `monge record` all drive a flow
// through this one interface, so what a user sees is what gets recorded.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "solvers/common/figures.hpp"
#include "solvers/common/types.hpp"

namespace monge {

// Everything a flow advances. Particle flows move `points`; grid flows (entropic JKO) update
// `grid`. `step` counts the steps taken, `time` is the flow time (step * dt for fixed steps).
struct FlowState {
  Points points;        // N by d particle positions (may be empty for grid flows)
  DensityGrid grid;     // density for grid flows (empty otherwise)
  // ODE flows (mesh deformation): the points along the current map at t = k / (size - 1),
  // path.front() the start and path.back() == points; empty for other flows. The app scrubs t
  // and draws vertex trajectories from it.
  std::vector<Points> path;
  // Ellipses, arrows and scalar fields the flow draws besides its particles (figures.hpp).
  FlowFigures figures;
  std::uint64_t step = 0;
  double time = 0.0;
};

class Flow {
 public:
  virtual ~Flow() = default;
  // Short name shown in the UI, e.g. "sliced-wasserstein".
  virtual std::string kind() const = 0;
  // Fill in what the flow owns in the initial state (e.g. a grid flow's initial density).
  // Called once on the scene's step-0 state.
  virtual void initialize(FlowState& /*state*/) {}
  // Advance the state by one step. Must be deterministic given (state, seed): random draws use
  // CounterRng keyed by the scene seed and state.step, never hidden generator state.
  // The caller (Simulation) increments state.step and state.time afterwards; step() must not.
  // Throws SolverError with an actionable message if the state blows up (NaN, overflow).
  virtual void step(FlowState& state) = 0;
  // Flow time advanced by one step (dt).
  virtual double dt() const = 0;
  // Diagnostics of the most recent step (e.g. {"sw", ...}, {"energy", ...}).
  virtual Diagnostics diagnostics() const { return {}; }
  // Forget warm starts and caches, e.g. after the user scrubs back or resets.
  virtual void reset() {}
  // One line for the status bar about the flow's own state, e.g. why a training flow stopped
  // ("stopped at iteration 412: the loss improved less than 1% in the last 100 iterations ...");
  // empty when there is nothing to say. Flows that can stop by themselves also report a
  // diagnostic "stopped" (0 while running, a positive code once stopped; see the flow's file).
  virtual std::string status() const { return {}; }
};

}  // namespace monge
