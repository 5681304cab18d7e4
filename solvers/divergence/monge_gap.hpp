#pragma once
// The Monge gap of a map T on a measure μ (Uscidda & Cuturi 2023, arXiv 2302.04953), estimated
// on samples x_1..x_n of μ with the Sinkhorn engine:
//   M(T) = (1/n) Σ_i |x_i − T(x_i)|²  −  OT_ε(μ_n, T#μ_n),
// OT_ε the entropic objective ⟨P, C⟩ + ε KL(P | a⊗b) with C = |x − y|² (as OTT-JAX's
// monge_gap_from_samples). The true gap (ε = 0) is ≥ 0, and 0 exactly when T is an optimal map
// from μ to T#μ. The estimate lies in [−ε log n, true gap]: OT_ε is at least the unregularised
// cost of its plan and at most the pairing x_i ↔ T(x_i) plus ε KL of that pairing (log n).
//
// Gradient in the images y_i = T(x_i), by the envelope theorem: ∂OT_ε/∂y_i = 2 b_i (y_i − x̄_i)
// with x̄_i = Σ_j P_ij x_j / Σ_j P_ij the barycentric image of y_i, so
//   ∂M/∂y_i = (2/n) (x̄_i − x_i):
// zero when the entropic plan sends each image back to its own source point.
// Runs on one thread (one_thread.hpp).
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {

struct MongeGapResult {
  double value = 0;        // M(T)
  double cost = 0;         // (1/n) Σ |x_i − T(x_i)|²
  double ot = 0;           // OT_ε(μ_n, T#μ_n)
  Points gradient;         // n by d, ∂M/∂T(x_i) (empty unless asked)
  SinkhornResult solve;    // the solve between T#μ_n (rows) and μ_n (columns): a warm start
};

// X  n by d samples of μ; TX  n by d their images. `options`: ε, tolerance, iteration cap (cost
// squared Euclidean). `warm`: the previous result's solve (same n), or null.
MongeGapResult monge_gap(const Points& X, const Points& TX, const SinkhornOptions& options, bool with_gradient,
                         const SinkhornResult* warm = nullptr);

}  // namespace monge
