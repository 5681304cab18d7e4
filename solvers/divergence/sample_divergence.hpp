#pragma once
// The sample-based divergences of the playground through the project's engines, with gradients
// in the sample positions (and, for the Sinkhorn divergence, in the sample weights):
//   sliced-wasserstein  SW_2²(α, β), `projections` Monte Carlo directions drawn afresh each call
//                       from (seed, call index) (solvers/sliced). No weight gradient: the engine
//                       has none, so a mixture model's weights stay where they start under SW.
//   sinkhorn            S_ε(α, β) = OT_ε(α,β) − ½OT_ε(α,α) − ½OT_ε(β,β) (solvers/entropic), warm
//                       started from the previous call and amortised (amortised_sinkhorn.hpp:
//                       max_iter iterations per warm solve). Weight gradient by the envelope theorem:
//                       ∂OT_ε(α,β)/∂a_i = f_i (the dual potential, OT_ε = ⟨a,f⟩ + ⟨b,g⟩ at the
//                       optimum) and ∂OT_ε(α,α)/∂a_i = f_i + g_i, so
//                       ∂S_ε/∂a_i = f^αβ_i − ½(f^αα_i + g^αα_i), up to a constant that vanishes
//                       on the simplex.
// Both run on one thread (one_thread.hpp): same bits for any thread count.
#include <cstdint>
#include <optional>

#include "solvers/divergence/divergence_kind.hpp"
#include "solvers/entropic/divergence.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

namespace monge {

struct SampleDivergenceOptions {
  int projections = 64;    // sliced-wasserstein: directions per call
  double eps = 0.1;        // sinkhorn: ε (squared length; cost |x − y|²)
  double tol = 1e-5;       // sinkhorn: L1 marginal error at which a solve stops
  int max_iter = 50;       // sinkhorn: iterations per warm-started solve (the first: to tol)
  std::uint64_t seed = 0;  // sliced-wasserstein: directions from CounterRng(seed, mix64(call))
};

struct SampleDivergenceResult {
  double value = 0;          // SW_2² or S_ε
  Points grad_x;             // N by d, ∂value/∂x_i
  Eigen::VectorXd grad_a;    // N, ∂value/∂a_i (sinkhorn with weight gradients only; else empty)
};

class SampleDivergence {
 public:
  // kind: SlicedWasserstein or Sinkhorn (InputError otherwise, or for bad options).
  SampleDivergence(DivergenceKind kind, SampleDivergenceOptions options);

  // α = (X N by d, weights a: N or empty), β = (Y M by d, b). `call` selects the SW directions
  // (a flow passes its step index). β must stay the same between calls (its self-transport is
  // solved once and reused).
  SampleDivergenceResult evaluate(const Points& X, const Weights& a, const Points& Y, const Weights& b,
                                  std::uint64_t call, bool weight_gradient);
  // Forget the warm start.
  void reset() { warm_.reset(); }
  DivergenceKind kind() const { return kind_; }

 private:
  DivergenceKind kind_;
  SampleDivergenceOptions options_;
  SlicedWasserstein sliced_;
  std::optional<DivergenceResult> warm_;
};

}  // namespace monge
