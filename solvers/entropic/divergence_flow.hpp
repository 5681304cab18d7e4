#pragma once
// The "sinkhorn-divergence" flow: particles descend S_ε(α, β) towards a fixed target β, the
// GeomLoss-style gradient flow (Feydy et al. 2019).
// Step convention: x_i ← x_i − step · (1/a_i) ∂S_ε/∂x_i = x_i + 2·step·(T_αβ(x_i) − T_αα(x_i)),
// i.e. the Wasserstein gradient of S_ε evaluated per particle; dt() = step. With step = 0.5 a
// particle jumps to its debiased barycentric target T_αβ − T_αα + x_i.
// The potentials of the last step warm-start the next (no ε-scaling after the first step).
#include <memory>
#include <optional>
#include <string>

#include "solvers/common/flow.hpp"
#include "solvers/entropic/divergence.hpp"

namespace monge {

struct DivergenceFlowOptions {
  SinkhornOptions solver;  // eps, method, tol, max_iter (cost: squared Euclidean)
  double step = 0.5;
};

class SinkhornDivergenceFlow : public Flow {
 public:
  // target  M points with weights (empty = uniform); source_weights  N or empty.
  SinkhornDivergenceFlow(Measure target, DivergenceFlowOptions options, Weights source_weights = {});

  std::string kind() const override { return "sinkhorn-divergence"; }
  void step(FlowState& state) override;
  double dt() const override { return options_.step; }
  Diagnostics diagnostics() const override { return diagnostics_; }
  void reset() override { warm_.reset(); }

  // Live controls for the GUI; each forgets the warm start where it changes the problem.
  void set_eps(double eps);
  void set_method(EntropicMethod method);
  void set_step(double step);
  // Where the online row reductions run (e.g. the GPU; null: CPU threads). The problem is the
  // same, so the warm start stays. With a runner, Auto memory solves in the online mode.
  void set_softmin_runner(std::shared_ptr<SoftminRunner> runner) { options_.solver.runner = std::move(runner); }
  const DivergenceFlowOptions& options() const { return options_; }
  // The last step's solves (for the plan view and the convergence plot); null before a step.
  const DivergenceResult* last() const { return warm_ ? &*warm_ : nullptr; }

 private:
  Measure target_;
  DivergenceFlowOptions options_;
  Weights source_weights_;
  std::optional<DivergenceResult> warm_;
  Diagnostics diagnostics_;
};

}  // namespace monge
