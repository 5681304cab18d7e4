#pragma once
// Plain array types shared by every solver. Row-major so that a point's d coordinates are
// contiguous, which is what the renderer uploads and what the projections read.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/density_grid.hpp"

namespace monge {

// N by d list of point positions, one point per row.
using Points = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// N weights; an empty vector means uniform weights 1/N.
using Weights = Eigen::VectorXf;

// A discrete measure: positions and (optionally) weights.
struct Measure {
  Points points;    // N by d
  Weights weights;  // N, or empty for uniform 1/N

  int size() const { return static_cast<int>(points.rows()); }
  int dim() const { return static_cast<int>(points.cols()); }
  bool uniform() const { return weights.size() == 0; }
  // Weights as a probability vector (uniform ones filled in).
  Eigen::VectorXd probabilities() const;
};

// Named scalar diagnostics of one flow step, in a fixed order (e.g. {"sw", 0.12}).
using Diagnostics = std::vector<std::pair<std::string, double>>;

}  // namespace monge
