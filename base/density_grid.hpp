#pragma once
// A density on a regular 2D grid: what grid flows compute and what the field renderer draws.
// Plain data, shared by solvers/ and render/ (neither includes the other).
#include <cstdint>
#include <vector>

namespace monge {

// Cell (i, j) at row j, column i, row-major.
struct DensityGrid {
  int nx = 0, ny = 0;
  float x0 = 0, y0 = 0, x1 = 1, y1 = 1;  // world-space bounds of the grid
  std::vector<float> values;             // nx*ny, row-major (j * nx + i)
  std::vector<std::uint8_t> obstacle;    // empty, or nx*ny with 1 on masked cells
  bool empty() const { return values.empty(); }
};

}  // namespace monge
