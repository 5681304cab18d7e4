#pragma once
// Entropic JKO steps on a 2D density grid (Peyre 2015, "Entropic approximation of Wasserstein
// gradient flows", arXiv 1502.06216). One step of size tau solves
//     rho_{k+1} = argmin_rho  W_gamma(rho_k, rho) / (2 tau) + F(rho),
//     F(rho) = int V rho + temperature int (rho log rho - rho) + nu int rho^m/(m - 1)
//              (+ the constraints rho <= cap and rho = 0 on obstacle cells),
// where W_gamma is quadratic transport with entropic blur gamma. Written as
// KL(pi | K) + sigma F(second marginal), sigma = 2 tau / gamma, it is solved by Sinkhorn-like
// scalings pi = diag(a) K diag(b):
//     a <- rho_k / (K b),   b <- prox^KL_{sigma F}(K a) / (K a)
// with K the Gibbs kernel (gibbs_kernel.hpp, a separable Gaussian blur) and the KL proximal map of
// F computed cell by cell:
//     entropy:        log p = (log q - sigma V) / (1 + sigma T)
//     porous medium:  log p + sigma nu m/(m-1) p^(m-1) = log q - sigma V   (scalar Newton)
//     cap:            p <- min(p, cap);   obstacle cells: p = 0.
// The step ends with an a-update and rho_{k+1} = b (K a), whose mass equals rho_k's exactly: mass
// is conserved to rounding whatever the iteration count. The blur gamma adds a numerical
// diffusion of about gamma / (4 tau) (each step blurs by a Gaussian of variance gamma/2 per axis
// when F = 0): keep gamma of the order of h^2 and tau not too small.
// Values are densities (mass per unit area); V is shifted to min 0 on the free cells (a constant
// does not change a mass-preserving step and keeps the scalings in range).
#include <string>
#include <vector>

#include "solvers/common/flow.hpp"
#include "solvers/energy/potential.hpp"

namespace monge {

enum class GridInternal { None, Entropy, PorousMedium };

struct JkoGridOptions {
  double dt = 0.01;            // tau > 0
  double gamma = 0;            // entropic blur (squared length); <= 0: h^2 (h the larger cell side)
  Potential potential;         // 2D or None
  GridInternal internal = GridInternal::Entropy;
  double temperature = 0.05;   // entropy coefficient T (internal = Entropy)
  double m = 2;                // porous medium exponent > 1 (internal = PorousMedium)
  double coefficient = 1;      // nu (internal = PorousMedium)
  double cap = 0;              // density cap (congestion); <= 0: none
  int max_iterations = 500;    // Sinkhorn iterations per step
  double tolerance = 1e-5;     // stop when the plan's first marginal is this close to rho_k in L1 (mass units)
};

class JkoGridFlow : public Flow {
 public:
  // initial: the density at step 0 (nx, ny >= 4, bounds, values >= 0 with positive mass, optional
  // obstacle mask). Throws InputError naming the option at fault.
  JkoGridFlow(JkoGridOptions options, DensityGrid initial, std::string kind = "jko-grid");

  std::string kind() const override { return kind_; }
  void initialize(FlowState& state) override;  // sets state.grid to the initial density
  // Throws SolverError naming dt and gamma if the scalings overflow or the density turns non-finite.
  void step(FlowState& state) override;
  double dt() const override { return options_.dt; }
  // {"energy"} F(rho) at the END of the step (the grid is cheap to evaluate), {"potential_energy"},
  // {"internal_energy"}, {"iterations"}, {"marginal_error"} (L1 distance between the new density
  // and the last prox output), {"constraint_violation"} (the first-marginal error at the stop),
  // then mass, mean, covariance.
  Diagnostics diagnostics() const override { return diagnostics_; }
  void reset() override;

  // Live controls (GUI, between steps); each validates and throws InputError naming the field.
  void set_dt(double dt);
  void set_temperature(double temperature);
  void set_coefficient(double coefficient);
  void set_cap(double cap);  // <= 0: none
  void set_potential(Potential potential);

  const JkoGridOptions& options() const { return options_; }
  double gamma() const { return gamma_; }
  // F(rho) of a grid with the same geometry (densities).
  double energy(const DensityGrid& grid, double* potential_part = nullptr, double* internal_part = nullptr) const;

 private:
  double prox(double q, double v, double& log_p_guess) const;
  void tabulate_potential();
  JkoGridOptions options_;
  DensityGrid initial_;
  std::string kind_;
  double hx_, hy_, gamma_;
  std::vector<double> v_;        // V at cell centres, shifted to min 0 over free cells
  std::vector<double> v_raw_;    // V at cell centres
  std::vector<double> b_, a_, ka_, kb_, p_, logp_;
  Diagnostics diagnostics_;
};

// A grid with the given geometry filled from a function of the cell centre (x, y).
template <class F>
DensityGrid make_grid(int nx, int ny, float x0, float y0, float x1, float y1, F&& density) {
  DensityGrid g;
  g.nx = nx; g.ny = ny; g.x0 = x0; g.y0 = y0; g.x1 = x1; g.y1 = y1;
  g.values.resize(static_cast<std::size_t>(nx) * ny);
  const double hx = double(x1 - x0) / nx, hy = double(y1 - y0) / ny;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i)
      g.values[static_cast<std::size_t>(j) * nx + i] = static_cast<float>(density(x0 + (i + 0.5) * hx, y0 + (j + 0.5) * hy));
  return g;
}

}  // namespace monge
