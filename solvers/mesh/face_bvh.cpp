#include "solvers/mesh/face_bvh.hpp"

#include <algorithm>
#include <numeric>

namespace monge::mesh {

namespace {
constexpr int kLeafSize = 4;
}

BoxBvh::BoxBvh(std::vector<Box3> boxes) : boxes_(std::move(boxes)) {
  order_.resize(boxes_.size());
  std::iota(order_.begin(), order_.end(), 0);
  if (boxes_.empty()) return;
  nodes_.reserve(2 * boxes_.size() / kLeafSize + 2);
  build();
}

// Iterative top-down build from the root (node 0); children are appended in pairs so that
// right = left + 1. Median splits keep the depth at log2(N / kLeafSize) + 1, far below the
// 128-entry traversal stack.
void BoxBvh::build() {
  struct Task {
    int node, begin, end;
  };
  nodes_.emplace_back();
  std::vector<Task> tasks = {{0, 0, static_cast<int>(boxes_.size())}};
  while (!tasks.empty()) {
    const Task task = tasks.back();
    tasks.pop_back();
    Box3 bounds{boxes_[static_cast<std::size_t>(order_[static_cast<std::size_t>(task.begin)])]};
    Eigen::Vector3f centre_min = 0.5f * (bounds.min + bounds.max), centre_max = centre_min;
    for (int k = task.begin; k < task.end; ++k) {
      const Box3& box = boxes_[static_cast<std::size_t>(order_[static_cast<std::size_t>(k)])];
      bounds.min = bounds.min.cwiseMin(box.min);
      bounds.max = bounds.max.cwiseMax(box.max);
      const Eigen::Vector3f centre = 0.5f * (box.min + box.max);
      centre_min = centre_min.cwiseMin(centre);
      centre_max = centre_max.cwiseMax(centre);
    }
    nodes_[static_cast<std::size_t>(task.node)].box = bounds;
    if (task.end - task.begin <= kLeafSize) {
      nodes_[static_cast<std::size_t>(task.node)].first = task.begin;
      nodes_[static_cast<std::size_t>(task.node)].count = task.end - task.begin;
      continue;
    }
    int axis = 0;
    (centre_max - centre_min).maxCoeff(&axis);
    const int mid = task.begin + (task.end - task.begin) / 2;
    std::nth_element(order_.begin() + task.begin, order_.begin() + mid, order_.begin() + task.end, [&](int a, int b) {
      const Box3& ba = boxes_[static_cast<std::size_t>(a)];
      const Box3& bb = boxes_[static_cast<std::size_t>(b)];
      return ba.min[axis] + ba.max[axis] < bb.min[axis] + bb.max[axis];
    });
    const int left = static_cast<int>(nodes_.size());
    nodes_.emplace_back();
    nodes_.emplace_back();
    nodes_[static_cast<std::size_t>(task.node)].first = left;
    nodes_[static_cast<std::size_t>(task.node)].count = 0;
    tasks.push_back({left, task.begin, mid});
    tasks.push_back({left + 1, mid, task.end});
  }
}

}  // namespace monge::mesh
