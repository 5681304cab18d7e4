#pragma once
// Sinkhorn divergence S_ε(α, β) = OT_ε(α,β) − ½OT_ε(α,α) − ½OT_ε(β,β) (Feydy et al. 2019) with
// OT_ε the objective ⟨P,C⟩ + ε KL(P|a⊗b), its gradient in the source positions, and the plan
// summaries the app draws (barycentric images, strongest links).
#include <vector>

#include "solvers/entropic/sinkhorn.hpp"

namespace monge {

struct DivergenceResult {
  double value = 0;                 // S_ε
  SinkhornResult xy, xx, yy;        // the three solves (potentials reusable as warm starts)
  Points gradient;                  // N by d, ∂S_ε/∂x_i (empty unless asked)
  Points images_xy, images_xx;      // N by d, T_αβ(x_i) and T_αα(x_i) (with the gradient)
};

// α = (X N by d, a), β = (Y M by d, b). `warm` (may be null): a previous result of the same
// sizes whose potentials start the solves; if `reuse_yy` the yy solve is taken from it as is
// (β unchanged). The gradient (squared Euclidean cost only, else InputError) is, by the
// envelope theorem, ∂S/∂x_i = 2 a_i (T_αα(x_i) − T_αβ(x_i)) with T the barycentric projections.
DivergenceResult sinkhorn_divergence(const Points& X, const Weights& a, const Points& Y, const Weights& b,
                                     const SinkhornOptions& options, bool with_gradient,
                                     const DivergenceResult* warm = nullptr, bool reuse_yy = false);

// Barycentric images T(x_i) = Σ_j P_ij y_j / Σ_j P_ij of the plan in `r` (solved on X, a, Y, b
// with `options`): N by d.
Points barycentric_images(const Points& X, const Weights& a, const Points& Y, const Weights& b,
                          const SinkhornResult& r, const SinkhornOptions& options);

struct PlanLink {
  int i = 0, j = 0;  // source and target indices
  double mass = 0;   // P_ij
};
struct PlanView {
  Points images;               // N by d barycentric images
  Eigen::VectorXd row_mass;    // N, Σ_j P_ij (for opacity by mass)
  std::vector<PlanLink> links; // the strongest entries of P, heaviest first
};
// The plan view of the app: barycentric images plus the `max_links` heaviest plan entries
// (each row's heaviest entry is a candidate, so the cost is one pass over P in either mode).
PlanView plan_view(const Points& X, const Weights& a, const Points& Y, const Weights& b, const SinkhornResult& r,
                   const SinkhornOptions& options, int max_links);

}  // namespace monge
