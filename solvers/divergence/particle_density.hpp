#pragma once
// Densities of point clouds on the grid: the particle model's kernel density estimate (with its
// gradient in the particle positions) and a KDE target as an exact Gaussian mixture.
//
// Particle model. With N particles x_n and an isotropic Gaussian kernel of bandwidth h,
//   q(c) = (1 - τ) (1/N) Σ_n φ_h(c - x_n) + τ / |Ω|,
// |Ω| the area of the grid's box and τ = `floor_mass` (1e-6 by default): a whisper of uniform mass
// keeps log q finite where no particle reaches, so KL(p | q) stays finite and still pulls. The
// kernel factorises, φ_h(c - x) = φ(c_x - x_0) φ(c_y - x_1), so each particle adds an outer product
// of two 1D factors (no exponential per cell) over its window: the cells within kKernelReach = 6
// bandwidths along each axis, where the kernel has fallen to e^-18 ≈ 1.5e-8 of its peak (the
// jump when a cell enters a window is below what the finite-difference tests resolve). The
// density is scattered in particle order, the gradient gathered per particle (OpenMP): fixed
// orders, the same bits for any number of threads. Cost N · (12 h / cell)² per pass.
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
  static constexpr double kKernelReach = 6.0;  // bandwidths
  // Particle n's cells: columns i0 .. i0 + ni - 1, rows j0 .. j0 + nj - 1; its kernel factors
  // start at fx_[fx] (ni of them) and fy_[fy] (nj).
  struct Window {
    int i0 = 0, ni = 0, j0 = 0, nj = 0;
    std::size_t fx = 0, fy = 0;
  };
  QuadratureGrid grid_;
  double h_, floor_;
  int n_ = 0;
  std::vector<Window> windows_;
  std::vector<double> fx_, dfx_, fy_, dfy_;  // the windows' kernel factors and their derivatives in x_n
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
