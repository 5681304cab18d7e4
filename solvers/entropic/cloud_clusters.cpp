#include "solvers/entropic/cloud_clusters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace monge::entropic {
namespace {

// Grid cells per dimension stay below 2^20, so a cell key fits 60 bits in 3D.
constexpr double kMaxCellsPerDim = 1 << 20;

struct Grid {
  double lo[3] = {0, 0, 0};
  std::int64_t cells[3] = {1, 1, 1};
  double cell = 1;
  int d = 2;

  Grid(const Points& X, double spacing) : d(static_cast<int>(X.cols())) {
    double extent = 0;
    for (int k = 0; k < d; ++k) {
      lo[k] = X.col(k).minCoeff();
      extent = std::max(extent, static_cast<double>(X.col(k).maxCoeff()) - lo[k]);
    }
    cell = std::max(spacing, extent / kMaxCellsPerDim);
    if (!(cell > 0)) cell = 1;  // one point, or all points equal
    for (int k = 0; k < d; ++k)
      cells[k] = static_cast<std::int64_t>((X.col(k).maxCoeff() - lo[k]) / cell) + 1;
  }

  std::int64_t key(const float* x) const {
    std::int64_t key = 0;
    for (int k = 0; k < d; ++k) {
      const auto c = std::clamp<std::int64_t>(static_cast<std::int64_t>((x[k] - lo[k]) / cell), 0, cells[k] - 1);
      key = key * cells[k] + c;
    }
    return key;
  }
};

// (cell key, original index) of every point, sorted: the cluster order.
std::vector<std::pair<std::int64_t, int>> sorted_keys(const Points& X, const Grid& grid) {
  const int n = static_cast<int>(X.rows());
  std::vector<std::pair<std::int64_t, int>> keys(n);
  for (int i = 0; i < n; ++i) keys[i] = {grid.key(X.row(i).data()), i};
  std::sort(keys.begin(), keys.end());
  return keys;
}

int occupied_cells(const Points& X, double spacing) {
  const auto keys = sorted_keys(X, Grid(X, spacing));
  int c = 0;
  for (std::size_t p = 0; p < keys.size(); ++p) c += p == 0 || keys[p].first != keys[p - 1].first;
  return c;
}

}  // namespace

SlotCloudView ClusteredCloud::view() const {
  SlotCloudView v;
  v.d = d;
  v.clusters = clusters;
  v.slots = slots;
  v.slot = slot.data();
  v.count = count.data();
  v.center = center.data();
  v.local_f = local_f.data();
  v.local_d = local_d.data();
  return v;
}

void ClusteredCloud::to_slots(const Eigen::VectorXd& v, double pad, std::vector<double>& out) const {
  out.assign(slots, pad);
  for (int i = 0; i < n; ++i) out[slot_of[i]] = v[i];
}

void ClusteredCloud::from_slots(const std::vector<double>& s, Eigen::VectorXd& out) const {
  out.resize(n);
  for (int i = 0; i < n; ++i) out[i] = s[slot_of[i]];
}

ClusteredCloud cluster_cloud(const Points& X, const Eigen::VectorXd& w, double spacing) {
  ClusteredCloud c;
  c.n = static_cast<int>(X.rows());
  c.d = static_cast<int>(X.cols());
  const Grid grid(X, spacing);
  c.cell = grid.cell;
  const auto keys = sorted_keys(X, grid);
  // Runs of equal keys are the clusters; each starts on a multiple of kSlotPad.
  std::vector<int> first;  // positions in `keys` where clusters start
  for (int p = 0; p < c.n; ++p)
    if (p == 0 || keys[p].first != keys[p - 1].first) first.push_back(p);
  first.push_back(c.n);
  c.clusters = static_cast<int>(first.size()) - 1;
  c.slot.resize(c.clusters + 1);
  c.count.resize(c.clusters);
  int s = 0;
  for (int K = 0; K < c.clusters; ++K) {
    c.slot[K] = s;
    c.count[K] = first[K + 1] - first[K];
    s += (c.count[K] + kSlotPad - 1) / kSlotPad * kSlotPad;
  }
  c.slot[c.clusters] = c.slots = s;
  c.slot_of.resize(c.n);
  c.cluster_of.resize(c.n);
  c.point_of.assign(c.slots, -1);
  const int d = c.d;
  c.center.resize(static_cast<std::size_t>(c.clusters) * d);
  c.lo.resize(c.center.size());
  c.hi.resize(c.center.size());
  c.centroid.resize(c.center.size());
  c.radius.resize(c.clusters);
  c.mass.resize(c.clusters);
  c.local_f.assign(static_cast<std::size_t>(d) * c.slots, 0.0f);
  c.local_d.assign(static_cast<std::size_t>(d) * c.slots, 0.0);
  for (int K = 0; K < c.clusters; ++K) {
    double lo[3], hi[3], mean[3] = {0, 0, 0}, m = 0;
    for (int k = 0; k < d; ++k) lo[k] = hi[k] = X(keys[first[K]].second, k);
    for (int p = first[K]; p < first[K + 1]; ++p) {
      const int i = keys[p].second;
      const int sl = c.slot[K] + (p - first[K]);
      c.slot_of[i] = sl;
      c.cluster_of[i] = K;
      c.point_of[sl] = i;
      for (int k = 0; k < d; ++k) {
        lo[k] = std::min(lo[k], static_cast<double>(X(i, k)));
        hi[k] = std::max(hi[k], static_cast<double>(X(i, k)));
        mean[k] += w[i] * X(i, k);
      }
      m += w[i];
    }
    double r2 = 0;
    for (int k = 0; k < d; ++k) {
      const double mid = 0.5 * (lo[k] + hi[k]);
      c.center[K * d + k] = mid;
      c.lo[K * d + k] = lo[k];
      c.hi[K * d + k] = hi[k];
      c.centroid[K * d + k] = m > 0 ? mean[k] / m : mid;
    }
    for (int p = first[K]; p < first[K + 1]; ++p) {
      const int i = keys[p].second, sl = c.slot_of[i];
      double q = 0;
      for (int k = 0; k < d; ++k) {
        const double xi = X(i, k) - c.center[K * d + k];
        c.local_d[static_cast<std::size_t>(k) * c.slots + sl] = xi;
        c.local_f[static_cast<std::size_t>(k) * c.slots + sl] = static_cast<float>(xi);
        q += xi * xi;
      }
      r2 = std::max(r2, q);
    }
    c.radius[K] = std::sqrt(r2);
    c.mass[K] = m;
  }
  return c;
}

double choose_cell(const Points& X, double eps, int min_population, int max_clusters) {
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  const double root = std::sqrt(eps);
  double cell = 0.5 * root;
  // Each try counts the occupied cells (a sort); the population grows about like cell^d.
  for (int t = 0; t < 12; ++t) {
    const int occupied = occupied_cells(X, cell);
    const double population = static_cast<double>(n) / occupied;
    double grow = 1;
    if (occupied > max_clusters)
      grow = std::pow(static_cast<double>(occupied) / max_clusters, 1.0 / d) * 1.05;
    else if (population < min_population && cell < 3.5 * root)
      grow = std::min(std::pow(min_population / population, 1.0 / d) * 1.05, 3.5 * root / cell);
    if (grow <= 1.0001) break;
    cell *= grow;
  }
  return cell;
}

}  // namespace monge::entropic
