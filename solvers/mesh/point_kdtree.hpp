#pragma once
// Nearest-neighbour queries among 3D points: a balanced k-d tree stored implicitly in one array
// (node = median of its range, split on the axis of largest extent, buckets of up to 8 points).
// Build O(N log N), query O(log N) on average. Used by Chamfer and Hausdorff.
#include <vector>

#include "solvers/common/types.hpp"

namespace monge::mesh {

class PointKdTree {
 public:
  // points: N by 3, N >= 1 (InputError otherwise).
  explicit PointKdTree(const Points& points);

  // Squared distance from q (3 floats) to the nearest point; its row in `points` if index != nullptr.
  float nearest_squared_distance(const float* q, int* index = nullptr) const;

  int size() const { return static_cast<int>(order_.size()); }

 private:
  void build(int begin, int end);
  void search(int begin, int end, const float* q, float& best, int& best_position) const;

  std::vector<float> xyz_;          // reordered copy of the points, 3 floats each
  std::vector<int> order_;          // order_[position] = original row
  std::vector<unsigned char> axis_; // split axis of the node whose median sits at this position
};

// For every row of `queries` (M by 3), the squared distance to the nearest point of the tree.
// Multithreaded (OpenMP).
std::vector<float> nearest_squared_distances(const PointKdTree& tree, const Points& queries);

}  // namespace monge::mesh
