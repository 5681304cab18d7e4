#pragma once
// Grid divergences (divergence_kind.hpp) between two densities given by their logs at the cell
// centres of a QuadratureGrid, with their sensitivities to log q: the first half of every
// gradient the playground takes (the second half is how log q depends on the model:
// mixture_2d.hpp for Gaussians and mixtures, particle_density.hpp for particles).
#include <vector>

#include "solvers/divergence/divergence_kind.hpp"
#include "solvers/divergence/quadrature_grid.hpp"

namespace monge {

// D(p, q) ≈ Δ Σ_g f(p_g, q_g) + f(P, Q) by midpoint quadrature (Δ the cell area), P and Q the
// masses of p and q outside the grid (1 minus their quadratures; below 1e-12: 0): the box's
// complement is one more cell, so mass that leaves the grid still counts. Both densities must
// have total mass 1.
//   log_p, log_q  grid.size() values each (log densities; -inf allowed for a zero density)
//   s             if not null: resized to grid.size(), s_g = ∂D/∂(log q_g) = Δ q_g ∂f/∂q
// kind must be a grid divergence (InputError otherwise); alpha, used by DivergenceKind::Alpha,
// must be in [0, 1] (divergence_kind.hpp says why).
// The sum runs row by row in a fixed order: the same bits for any number of threads.
double grid_divergence(DivergenceKind kind, double alpha, const std::vector<double>& log_p,
                       const std::vector<double>& log_q, const QuadratureGrid& grid, std::vector<double>* s = nullptr);

}  // namespace monge
