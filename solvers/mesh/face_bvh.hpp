#pragma once
// A bounding volume hierarchy over axis-aligned boxes (one per face), built top-down by median
// split of the box centres along the widest axis, leaves of up to 4 boxes. Answers "which boxes
// overlap this box" in O(log N + hits); used by the self-intersection metric.
#include <Eigen/Core>
#include <vector>

namespace monge::mesh {

struct Box3 {
  Eigen::Vector3f min, max;
  bool overlaps(const Box3& other) const {
    return (min.array() <= other.max.array()).all() && (other.min.array() <= max.array()).all();
  }
};

class BoxBvh {
 public:
  explicit BoxBvh(std::vector<Box3> boxes);

  // Calls visit(i) for every box i overlapping `query` (closed boxes) until visit returns false.
  template <class Visit>
  void for_each_overlap(const Box3& query, Visit visit) const {
    if (nodes_.empty()) return;
    int stack[128];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const Node& node = nodes_[static_cast<std::size_t>(stack[--top])];
      if (!node.box.overlaps(query)) continue;
      if (node.count > 0) {
        for (int k = node.first; k < node.first + node.count; ++k) {
          const int i = order_[static_cast<std::size_t>(k)];
          if (boxes_[static_cast<std::size_t>(i)].overlaps(query) && !visit(i)) return;
        }
      } else {
        stack[top++] = node.first;      // left child
        stack[top++] = node.first + 1;  // right child
      }
    }
  }

 private:
  struct Node {
    Box3 box;
    int first = 0;  // leaf: first entry in order_; inner: index of the left child (right = +1)
    int count = 0;  // leaf: number of boxes; inner: 0
  };
  void build();

  std::vector<Box3> boxes_;
  std::vector<int> order_;
  std::vector<Node> nodes_;
};

}  // namespace monge::mesh
