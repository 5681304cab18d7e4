#pragma once
// Filling FlowState::figures (solvers/common/figures.hpp) from the Gaussian area's objects:
// Gaussians as ellipse sets, 2D vector fields as arrows on a grid, scalar functions on a grid.
// A flow creates its entries once (initialize) and refreshes their contents every step, keeping
// names and order, as figures.hpp asks.
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "solvers/common/figures.hpp"
#include "solvers/gaussian/bures_wasserstein.hpp"

namespace monge::gaussian {

// Colours of the ellipse sets, shared by the flows (used when a set has no values).
inline constexpr float kColorShown[4] = {1.0f, 0.85f, 0.2f, 0.95f};     // the moving Gaussian / iterate
inline constexpr float kColorInputs[4] = {0.85f, 0.85f, 0.9f, 0.8f};    // fixed inputs, endpoints, a batch
inline constexpr float kColorReference[4] = {1.0f, 1.0f, 1.0f, 0.7f};   // an exact answer (drawn dashed)
inline constexpr float kColorContrast[4] = {0.45f, 0.75f, 1.0f, 0.9f};  // another metric's answer

// A 2D window [x0, x1] x [y0, y1] on which fields and arrows are sampled.
struct PlaneWindow {
  double x0 = -3, y0 = -3, x1 = 3, y1 = 3;
};

// The set `name` of figures.ellipses, appended if absent. Means and covariances (K by d, K by
// d*d) are overwritten from `gaussians`; `values` is set when not empty.
EllipseSet& put_ellipses(FlowFigures& figures, const std::string& name, const std::vector<Gaussian>& gaussians,
                         bool dashed, const float color[4], const std::vector<float>& values = {});

// n by n cell centres of the window, row-major from (x0, y0): row j * n + i is
// (x0 + (i + 1/2) hx, y0 + (j + 1/2) hy). N by 2.
Points window_grid(const PlaneWindow& window, int n);

// The arrows `name` (appended if absent): tails = P, heads = P + scale * V (P, V N by 2).
ArrowSet& put_arrows(FlowFigures& figures, const std::string& name, const Points& P, const Points& V, double scale);

// The field `name` (appended if absent) on an n by n grid over the window, from `values`
// (n * n, row-major as window_grid).
ScalarField& put_field(FlowFigures& figures, const std::string& name, const PlaneWindow& window, int n,
                       const std::vector<float>& values, bool diverging);

}  // namespace monge::gaussian
