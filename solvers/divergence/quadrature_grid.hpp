#pragma once
// The regular 2D grid on which the divergence playground integrates densities: midpoint
// quadrature, ∫ f dx ≈ Δ Σ_g f(c_g) with c_g the cell centres and Δ the cell area. For the smooth,
// fast-decaying densities of the playground (Gaussians, mixtures, Gaussian KDEs) the midpoint rule
// converges faster than any power of the cell size, so 128² cells over the support are exact to
// rounding; the only error is the mass outside the box (docs/divergence.md).
//
// Cell (i, j) is column i, row j, index g = j * nx + i: the layout of DensityGrid, so a field of
// values copies straight into the view's ScalarField.
#include <string>
#include <vector>

#include "base/density_grid.hpp"

namespace monge {

struct QuadratureGrid {
  int nx = 128, ny = 128;
  double x0 = -4, y0 = -4, x1 = 4, y1 = 4;  // world-space bounds

  int size() const { return nx * ny; }
  double dx() const { return (x1 - x0) / nx; }
  double dy() const { return (y1 - y0) / ny; }
  double cell_area() const { return dx() * dy(); }
  double x(int i) const { return x0 + (i + 0.5) * dx(); }  // centre of column i
  double y(int j) const { return y0 + (j + 0.5) * dy(); }  // centre of row j
};

// Throws InputError("<what>: ...") unless 4 <= nx, ny <= 4096 and the bounds are finite with
// x0 < x1, y0 < y1.
void validate_grid(const QuadratureGrid& grid, const std::string& what);

// The grid's values (size() of them, layout above) as a DensityGrid for the view.
DensityGrid to_density_grid(const QuadratureGrid& grid, const std::vector<double>& values);

}  // namespace monge
