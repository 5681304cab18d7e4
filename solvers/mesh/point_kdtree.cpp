#include "solvers/mesh/point_kdtree.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "base/errors.hpp"

namespace monge::mesh {

namespace {
constexpr int kBucket = 8;  // ranges this small are scanned linearly

float squared_distance(const float* a, const float* b) {
  const float dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
  return dx * dx + dy * dy + dz * dz;
}
}  // namespace

PointKdTree::PointKdTree(const Points& points) {
  if (points.rows() < 1 || points.cols() != 3) throw InputError("nearest neighbours: need a non-empty N by 3 point set");
  const int n = static_cast<int>(points.rows());
  order_.resize(static_cast<std::size_t>(n));
  std::iota(order_.begin(), order_.end(), 0);
  axis_.assign(static_cast<std::size_t>(n), 0);
  // Build on the original rows, then copy them in tree order for cache-friendly queries.
  xyz_.assign(points.data(), points.data() + 3 * static_cast<std::size_t>(n));
  build(0, n);
  std::vector<float> ordered(xyz_.size());
  for (int p = 0; p < n; ++p) {
    std::copy_n(&xyz_[3 * static_cast<std::size_t>(order_[static_cast<std::size_t>(p)])], 3, &ordered[3 * static_cast<std::size_t>(p)]);
  }
  xyz_.swap(ordered);
}

void PointKdTree::build(int begin, int end) {
  if (end - begin <= kBucket) return;
  float lo[3] = {std::numeric_limits<float>::max(), std::numeric_limits<float>::max(), std::numeric_limits<float>::max()};
  float hi[3] = {-lo[0], -lo[1], -lo[2]};
  for (int p = begin; p < end; ++p) {
    const float* x = &xyz_[3 * static_cast<std::size_t>(order_[static_cast<std::size_t>(p)])];
    for (int k = 0; k < 3; ++k) {
      lo[k] = std::min(lo[k], x[k]);
      hi[k] = std::max(hi[k], x[k]);
    }
  }
  int axis = 0;
  for (int k = 1; k < 3; ++k) {
    if (hi[k] - lo[k] > hi[axis] - lo[axis]) axis = k;
  }
  const int mid = begin + (end - begin) / 2;
  std::nth_element(order_.begin() + begin, order_.begin() + mid, order_.begin() + end, [&](int a, int b) {
    return xyz_[3 * static_cast<std::size_t>(a) + static_cast<std::size_t>(axis)] <
           xyz_[3 * static_cast<std::size_t>(b) + static_cast<std::size_t>(axis)];
  });
  axis_[static_cast<std::size_t>(mid)] = static_cast<unsigned char>(axis);
  build(begin, mid);
  build(mid + 1, end);
}

void PointKdTree::search(int begin, int end, const float* q, float& best, int& best_position) const {
  if (end - begin <= kBucket) {
    for (int p = begin; p < end; ++p) {
      const float d = squared_distance(q, &xyz_[3 * static_cast<std::size_t>(p)]);
      if (d < best) {
        best = d;
        best_position = p;
      }
    }
    return;
  }
  const int mid = begin + (end - begin) / 2;
  const float* median = &xyz_[3 * static_cast<std::size_t>(mid)];
  const float d = squared_distance(q, median);
  if (d < best) {
    best = d;
    best_position = mid;
  }
  const int axis = axis_[static_cast<std::size_t>(mid)];
  const float offset = q[axis] - median[axis];
  // Nearer side first; the far side only if the splitting plane is closer than the best so far.
  if (offset < 0) {
    search(begin, mid, q, best, best_position);
    if (offset * offset < best) search(mid + 1, end, q, best, best_position);
  } else {
    search(mid + 1, end, q, best, best_position);
    if (offset * offset < best) search(begin, mid, q, best, best_position);
  }
}

float PointKdTree::nearest_squared_distance(const float* q, int* index) const {
  float best = std::numeric_limits<float>::infinity();
  int best_position = 0;
  search(0, size(), q, best, best_position);
  if (index != nullptr) *index = order_[static_cast<std::size_t>(best_position)];
  return best;
}

std::vector<float> nearest_squared_distances(const PointKdTree& tree, const Points& queries) {
  const int m = static_cast<int>(queries.rows());
  std::vector<float> distances(static_cast<std::size_t>(m));
#pragma omp parallel for schedule(dynamic, 256)
  for (int i = 0; i < m; ++i) {
    const float q[3] = {queries(i, 0), queries(i, 1), queries(i, 2)};
    distances[static_cast<std::size_t>(i)] = tree.nearest_squared_distance(q);
  }
  return distances;
}

}  // namespace monge::mesh
