#pragma once
// Particles shown as a density field: a Gaussian kernel density estimate sampled on a regular
// grid, computed as linear binning (each particle's mass shared among the four nearest cell
// centres) followed by a separable Gaussian blur. Binning + blur costs O(N + cells * radius) per
// frame instead of O(N * cells) for the direct sum, and differs from it by O(h^2) of the cell
// size h (Wand 1994), far below what a colour map shows.
#include "solvers/common/types.hpp"

namespace monge {

struct KdeOptions {
  int cells = 192;          // cells along the longer side of the bounds
  double bandwidth = 0.0;   // kernel standard deviation in world units; 0: Scott's rule
  double margin = 3.0;      // bounds = data bounds padded by margin * bandwidth on every side
};

// Scott's rule in 2D: sigma = n^(-1/6) * mean of the two coordinate standard deviations.
double scott_bandwidth(const Points& points);

// The estimate of the 2D density of `points` (N by d >= 2, the first two coordinates) on a grid
// covering them; `grid` is reused (no allocation when its size does not change). The values
// integrate to 1 over the grid (mass / cell area). Empty points give an empty grid.
void kde_grid(const Points& points, const KdeOptions& options, DensityGrid& grid);

}  // namespace monge
