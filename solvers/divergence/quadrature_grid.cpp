#include "solvers/divergence/quadrature_grid.hpp"

#include <cmath>

#include "base/errors.hpp"

namespace monge {

void validate_grid(const QuadratureGrid& g, const std::string& what) {
  if (g.nx < 4 || g.nx > 4096 || g.ny < 4 || g.ny > 4096)
    throw InputError(what + ": cells per axis must be between 4 and 4096, got " + std::to_string(g.nx) + " by " +
                     std::to_string(g.ny));
  if (!std::isfinite(g.x0) || !std::isfinite(g.x1) || !std::isfinite(g.y0) || !std::isfinite(g.y1) || !(g.x0 < g.x1) ||
      !(g.y0 < g.y1))
    throw InputError(what + ": bounds must be finite with x0 < x1 and y0 < y1");
}

DensityGrid to_density_grid(const QuadratureGrid& grid, const std::vector<double>& values) {
  DensityGrid out;
  out.nx = grid.nx;
  out.ny = grid.ny;
  out.x0 = static_cast<float>(grid.x0);
  out.y0 = static_cast<float>(grid.y0);
  out.x1 = static_cast<float>(grid.x1);
  out.y1 = static_cast<float>(grid.y1);
  out.values.assign(values.begin(), values.end());
  return out;
}

}  // namespace monge
