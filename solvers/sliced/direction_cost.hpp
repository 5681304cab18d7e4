#pragma once
// One direction of the sliced-Wasserstein engine: W_p^p(theta#mu, theta#nu), exact, with what the
// engine asks for along it: the gradient with respect to the source positions (added into an
// accumulator) and the gradient with respect to theta (the sort held fixed).
//
// Paths, chosen per call:
//   matched  both clouds uniform, N = M, no theta-gradient: the k-th smallest source projection
//            goes to the k-th smallest target projection. The target's sorted values are written
//            at their source point's index (one scatter of N floats), then one sequential pass
//            over the source computes the cost and adds the gradient, in the original order.
//   merged   anything else (weights, N != M, theta-gradients): sorted values and, where needed,
//            original indices of both clouds go through transport_1d_sorted (sliced_math.hpp);
//            the gradient is scattered by index.
// Both sort with ProjectionSorter (projection_sort.hpp): no std::sort, no allocation once the
// workspace has seen the sizes.
#include <cstdint>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/sliced/projection_sort.hpp"

namespace monge {

// What every direction of one engine call shares.
struct SlicedProblem {
  const Points* X = nullptr;            // N by d source positions
  const Points* Y = nullptr;            // M by d target positions
  const std::vector<double>* wx = nullptr;  // N source probabilities, or empty: uniform
  const std::vector<double>* wy = nullptr;  // M target probabilities, or empty: uniform
  CloudBounds bounds_x, bounds_y;
  int p = 2;                            // 1 or 2
  std::uint64_t target_id = 0;          // nonzero: same id, same Y and wy (projection_runner.hpp)
};

// Per-thread scratch. Buffers only grow.
struct DirectionWorkspace {
  ProjectionSorter sort_x, sort_y;
  std::vector<float> xs, ys;             // sorted projected values (merged path)
  std::vector<std::uint32_t> ox, oy;     // their original indices (merged path, when needed)
  std::vector<float> cx, cy;             // dW/d(sorted source / target value) (merged path)
  std::vector<float> matched;            // N: the target value matched to each source point
  std::vector<float> g;                  // d: a theta-gradient
  std::vector<double> gd;                // d: its double accumulator
};

// What direction_cost does with its gradient: add it to the accumulator, or overwrite the
// accumulator with it (the first direction of a block: no zeroing pass).
enum class Accumulate { Add, Overwrite };

// W_p^p along theta (d floats, unit). If acc is not null, adds (or, with Accumulate::Overwrite,
// writes) d W_p^p / dX into it (N*d floats, row-major), point by point in index order. If
// theta_grad is not null, writes d W_p^p / d theta there (d floats), with the sort held fixed.
double direction_cost(const SlicedProblem& problem, const float* theta, DirectionWorkspace& w, float* acc,
                      Accumulate mode, float* theta_grad);

}  // namespace monge
