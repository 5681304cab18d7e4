#pragma once
// Densities of point clouds on the grid: the particle model's kernel density estimate (with its
// gradient in the particle positions) and a KDE target as an exact Gaussian mixture.
//
// Particle model. With N particles x_n and an isotropic Gaussian kernel of bandwidth h,
//   q(c) = (1 - τ) (1/N) Σ_n φ_h(c - x_n) + τ / |Ω|,
// |Ω| the area of the grid's box and τ = `floor_mass` (1e-6 by default): a whisper of uniform mass
// keeps log q finite where no particle reaches, so KL(p | q) stays finite and still pulls. The
// kernel factorises, φ_h(c - x) = φ(c_x - x_0) φ(c_y - x_1), so the grid density is a sum of outer
// products (N · nx · ny multiply-adds, no exponential per cell) and so is its adjoint. No
// truncation: the result is a smooth function of the positions, as the finite-difference tests
// need. OpenMP over grid rows (density) and particles (gradient), each sum in a fixed order.
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/divergence/mixture_2d.hpp"
#include "solvers/divergence/quadrature_grid.hpp"

namespace monge {

class ParticleDensity {
 public:
  // Throws InputError for a bandwidth that is not positive and finite, or floor_mass outside [0, 1).
  ParticleDensity(const QuadratureGrid& grid, double bandwidth, double floor_mass = 1e-6);

  // log q at every cell (grid.size() values) for the particles X (N by 2, N >= 1).
  void evaluate(const Points& X, std::vector<double>& log_q);
  // After evaluate(X): the gradient in X of Σ_g s_g log q_g (s: grid.size() sensitivities,
  // e.g. ∂D/∂log q_g). N by 2.
  Points gradient(const std::vector<double>& s) const;

  double bandwidth() const { return h_; }
  const QuadratureGrid& grid() const { return grid_; }

 private:
  QuadratureGrid grid_;
  double h_, floor_;
  int n_ = 0;
  std::vector<double> fx_, dfx_, fy_, dfy_;  // N by nx and N by ny kernel factors and their x-derivatives
  std::vector<double> q_;                    // the last evaluated density
};

// Scott's rule for a 2D Gaussian KDE, as the view's KDE (app/scene/density_estimate.cpp):
// h = N^(-1/6) × the mean of the two coordinates' standard deviations (1/(N − 1)), at least
// 1e-6 N^(-1/6). Throws InputError for fewer than 2 points.
double scott_rule_bandwidth(const Points& X);

// The KDE of X (N by 2, weights w: N or empty for uniform) with bandwidth h as a Gaussian mixture
// of N isotropic components: its log density on the grid is then exact (log-sum-exp over the
// points), at a cost of N · grid.size() exponentials, paid once for a fixed target.
Mixture2D kde_mixture(const Points& X, const Weights& w, double h);

}  // namespace monge
