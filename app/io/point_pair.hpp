#pragma once
// The two point clouds of `monge sw` and `monge sinkhorn`: positional X and Y (CSV or .npy) and
// the optional --weights-x / --weights-y, checked against each other.
#include <string>

#include "app/cli/args.hpp"
#include "solvers/common/types.hpp"

namespace monge {

struct PointPair {
  std::string x_file, y_file;
  Points X, Y;      // N by d, M by d
  Weights wx, wy;   // N and M, or empty for uniform
};

// Throws InputError naming the files or options for a dimension or weight-count mismatch.
PointPair load_point_pair(const Args& args);

}  // namespace monge
