// See scaling_sinkhorn.cpp: lets GCC vectorise the clamps of fast_exp in the screening loops.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include "solvers/entropic/block_mask.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "solvers/entropic/entropic_math.hpp"

namespace monge::entropic {
namespace {

constexpr double kNone = -std::numeric_limits<double>::infinity();

// log Σ exp(v_k) over n values (kNone for none).
double log_sum_exp(const double* v, int n) {
  double mx = kNone;
  for (int k = 0; k < n; ++k) mx = std::max(mx, v[k]);
  if (mx == kNone) return kNone;
  double s = 0;
  for (int k = 0; k < n; ++k) s += std::exp(v[k] - mx);
  return mx + std::log(s);
}

// Per-cluster and per-slot quantities of the bounds (docs in block_mask.hpp).
class Bounds {
 public:
  Bounds(const ClusteredCloud& X, const ClusteredCloud& Y, const Eigen::VectorXd& f, const Eigen::VectorXd& g,
         const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps, double delta)
      : X_(X), Y_(Y), d_(X.d), inv_(1.0 / eps), log_delta_(std::log(delta)) {
    side(X, f, a, u_, loose_x_, log_mass_x_);
    side(Y, g, b, v_, loose_y_, log_mass_y_);
    for (int k = 0; k < d_; ++k) {  // Y's boxes as SoA for the screening loop
      ylo_[k].resize(Y.clusters);
      yhi_[k].resize(Y.clusters);
      for (int L = 0; L < Y.clusters; ++L) ylo_[k][L] = Y.lo[L * d_ + k], yhi_[k][L] = Y.hi[L * d_ + k];
    }
  }

  int rows() const { return X_.clusters; }
  int cols() const { return Y_.clusters; }
  bool massless_row(int K) const { return log_mass_x_[K] == kNone; }
  bool massless_col(int L) const { return log_mass_y_[L] == kNone; }

  // Loose log-bounds of row cluster K against every column cluster, minus their thresholds
  // log(δ A_K B_L): `excess` (cols); ≤ 0 means droppable. Also the largest cost of each pair.
  void screen_row(int K, double* excess, double* cmax) const {
    double lo[3], hi[3];
    for (int k = 0; k < d_; ++k) lo[k] = X_.lo[K * d_ + k], hi[k] = X_.hi[K * d_ + k];
    const double base = loose_x_[K] - log_mass_x_[K] - log_delta_;
    const int m = cols();
#pragma omp simd
    for (int L = 0; L < m; ++L) {
      double dmin = 0, dmax = 0;
      for (int k = 0; k < d_; ++k) {
        const double gap = std::max(0.0, std::max(ylo_[k][L] - hi[k], lo[k] - yhi_[k][L]));
        const double far = std::max(yhi_[k][L] - lo[k], hi[k] - ylo_[k][L]);
        dmin += gap * gap;
        dmax += far * far;
      }
      excess[L] = base + loose_y_[L] - log_mass_y_[L] - dmin * inv_;
      cmax[L] = dmax;
    }
  }

  double threshold(int K, int L) const { return log_delta_ + log_mass_x_[K] + log_mass_y_[L]; }
  double loose(int K, int L, double excess) const { return excess + threshold(K, L); }

  // The tight log-bound of block (K, L).
  double tight(int K, int L, double* scratch) const {
    double delta[3], n2 = 0;
    for (int k = 0; k < d_; ++k) {
      delta[k] = X_.center[K * d_ + k] - Y_.center[L * d_ + k];
      n2 += delta[k] * delta[k];
    }
    const double s = 2 * inv_;
    auto part = [&](const ClusteredCloud& c, int C, const std::vector<double>& w, double sign) {
      const int s0 = c.slot[C], n = c.count[C];
      for (int p = 0; p < n; ++p) {
        double t = w[s0 + p];
        for (int k = 0; k < d_; ++k) t += sign * s * delta[k] * c.local_d[static_cast<std::size_t>(k) * c.slots + s0 + p];
        scratch[p] = t;
      }
      return log_sum_exp(scratch, n);
    };
    return part(X_, K, u_, -1.0) + part(Y_, L, v_, 1.0) - n2 * inv_ + 2 * X_.radius[K] * Y_.radius[L] * inv_;
  }

  int largest_cluster() const {
    int m = 1;
    for (int K = 0; K < X_.clusters; ++K) m = std::max(m, X_.count[K]);
    for (int L = 0; L < Y_.clusters; ++L) m = std::max(m, Y_.count[L]);
    return m;
  }

 private:
  // Slot values w_p = log a + (f − |ξ|²)/ε, per-cluster loose potential log Σ a e^{f/ε}, log mass.
  void side(const ClusteredCloud& c, const Eigen::VectorXd& pot, const Eigen::VectorXd& wt, std::vector<double>& w,
            std::vector<double>& loose, std::vector<double>& log_mass) const {
    w.assign(c.slots, kNone);
    loose.assign(c.clusters, kNone);
    log_mass.assign(c.clusters, kNone);
    std::vector<double> t;
    for (int C = 0; C < c.clusters; ++C) {
      const int s0 = c.slot[C], n = c.count[C];
      t.assign(n, kNone);
      for (int p = 0; p < n; ++p) {
        const int i = c.point_of[s0 + p];
        if (!(wt[i] > 0)) continue;
        double xi2 = 0;
        for (int k = 0; k < d_; ++k) {
          const double x = c.local_d[static_cast<std::size_t>(k) * c.slots + s0 + p];
          xi2 += x * x;
        }
        const double la = std::log(wt[i]);
        w[s0 + p] = la + (pot[i] - xi2) * inv_;
        t[p] = la + pot[i] * inv_;
      }
      loose[C] = log_sum_exp(t.data(), n);
      if (c.mass[C] > 0) log_mass[C] = std::log(c.mass[C]);
    }
  }

  const ClusteredCloud &X_, &Y_;
  const int d_;
  const double inv_, log_delta_;
  std::vector<double> u_, v_, loose_x_, loose_y_, log_mass_x_, log_mass_y_;
  std::vector<double> ylo_[3], yhi_[3];
};

// Per row cluster: the best column cluster by the loose bound; per column cluster: the best row
// cluster. These blocks are always kept, so that no cluster is left without a block.
void best_blocks(const Bounds& B, std::vector<int>& best_col, std::vector<int>& best_row) {
  const int R = B.rows(), C = B.cols();
  best_col.assign(R, 0);
  std::vector<double> excess(C), cmax(C), best_val(R);
#pragma omp parallel for schedule(dynamic, 8) firstprivate(excess, cmax)
  for (int K = 0; K < R; ++K) {
    B.screen_row(K, excess.data(), cmax.data());
    int arg = 0;
    for (int L = 1; L < C; ++L)
      if (B.loose(K, L, excess[L]) > B.loose(K, arg, excess[arg])) arg = L;
    best_col[K] = arg;
  }
  // Column-wise best: a second screen by rows, merged in row order (deterministic).
  best_row.assign(C, 0);
  std::vector<double> top(C, kNone);
  for (int K = 0; K < R; ++K) {
    B.screen_row(K, excess.data(), cmax.data());
    for (int L = 0; L < C; ++L) {
      const double v = B.loose(K, L, excess[L]);
      if (v > top[L]) top[L] = v, best_row[L] = K;
    }
  }
}

// Builds the transpose and the kept-entry count from the row lists.
void finish(KeptBlocks& kb, const ClusteredCloud& X, const ClusteredCloud& Y) {
  kb.col_begin.assign(kb.col_clusters + 1, 0);
  for (int L : kb.row_cols) ++kb.col_begin[L + 1];
  for (int L = 0; L < kb.col_clusters; ++L) kb.col_begin[L + 1] += kb.col_begin[L];
  kb.col_rows.resize(kb.row_cols.size());
  std::vector<int> fill(kb.col_begin.begin(), kb.col_begin.end() - 1);
  kb.kept_entries = 0;
  for (int K = 0; K < kb.row_clusters; ++K)
    for (int p = kb.row_begin[K]; p < kb.row_begin[K + 1]; ++p) {
      const int L = kb.row_cols[p];
      kb.col_rows[fill[L]++] = K;
      kb.kept_entries += static_cast<long long>(X.count[K]) * Y.count[L];
    }
}

// One scan over all blocks. keep_fn(K, L) says whether a block is (or must be) kept without a
// test; the others are tested, and their bounds summed when dropped. `decide`: true to build the
// mask (tested blocks above threshold are kept), false to only check (they count as violations).
template <class Fixed>
DroppedBounds scan(const Bounds& B, Fixed fixed, bool decide, std::vector<std::vector<int>>* lists) {
  const int R = B.rows(), C = B.cols();
  std::vector<double> mass(R, 0.0), cost(R, 0.0);
  std::vector<char> ok(R, 1);
  std::vector<double> excess(C), cmax(C), scratch(B.largest_cluster());
  if (lists) lists->assign(R, {});
#pragma omp parallel for schedule(dynamic, 4) firstprivate(excess, cmax, scratch)
  for (int K = 0; K < R; ++K) {
    if (B.massless_row(K)) {
      for (int L = 0; L < C; ++L)
        if (lists && fixed(K, L)) (*lists)[K].push_back(L);
      continue;
    }
    B.screen_row(K, excess.data(), cmax.data());
    double m = 0, c = 0;
    for (int L = 0; L < C; ++L) {
      if (fixed(K, L)) {
        if (lists) (*lists)[K].push_back(L);
        continue;
      }
      if (B.massless_col(L)) continue;
      double bound = B.loose(K, L, excess[L]);
      if (excess[L] > 0) {
        const double tight = B.tight(K, L, scratch.data());
        if (tight < bound) bound = tight;
        if (bound > B.threshold(K, L)) {
          if (decide) {
            (*lists)[K].push_back(L);
            continue;
          }
          ok[K] = 0;
        }
      }
      const double e = std::exp(bound);
      m += e;
      c += e * cmax[L];
    }
    mass[K] = m;
    cost[K] = c;
  }
  DroppedBounds out;
  for (int K = 0; K < R; ++K) {
    out.mass += mass[K];
    out.cost += cost[K];
    out.within = out.within && ok[K];
  }
  return out;
}

}  // namespace

KeptBlocks all_blocks(const ClusteredCloud& X, const ClusteredCloud& Y) {
  KeptBlocks kb;
  kb.row_clusters = X.clusters;
  kb.col_clusters = Y.clusters;
  kb.row_begin.resize(X.clusters + 1);
  kb.row_cols.reserve(static_cast<std::size_t>(X.clusters) * Y.clusters);
  for (int K = 0; K < X.clusters; ++K) {
    kb.row_begin[K] = static_cast<int>(kb.row_cols.size());
    for (int L = 0; L < Y.clusters; ++L) kb.row_cols.push_back(L);
  }
  kb.row_begin[X.clusters] = static_cast<int>(kb.row_cols.size());
  finish(kb, X, Y);
  return kb;
}

KeptBlocks truncated_blocks(const ClusteredCloud& X, const ClusteredCloud& Y, const Eigen::VectorXd& f,
                            const Eigen::VectorXd& g, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps,
                            double delta, DroppedBounds& bounds) {
  const Bounds B(X, Y, f, g, a, b, eps, delta);
  std::vector<int> best_col, best_row;
  best_blocks(B, best_col, best_row);
  std::vector<std::vector<int>> lists;
  bounds = scan(B, [&](int K, int L) { return best_col[K] == L || best_row[L] == K; }, true, &lists);
  KeptBlocks kb;
  kb.row_clusters = X.clusters;
  kb.col_clusters = Y.clusters;
  kb.row_begin.resize(X.clusters + 1);
  for (int K = 0; K < X.clusters; ++K) {
    kb.row_begin[K] = static_cast<int>(kb.row_cols.size());
    kb.row_cols.insert(kb.row_cols.end(), lists[K].begin(), lists[K].end());
  }
  kb.row_begin[X.clusters] = static_cast<int>(kb.row_cols.size());
  finish(kb, X, Y);
  return kb;
}

DroppedBounds dropped_bounds(const KeptBlocks& kept, const ClusteredCloud& X, const ClusteredCloud& Y,
                             const Eigen::VectorXd& f, const Eigen::VectorXd& g, const Eigen::VectorXd& a,
                             const Eigen::VectorXd& b, double eps, double delta) {
  const Bounds B(X, Y, f, g, a, b, eps, delta);
  auto in_kept = [&](int K, int L) {
    const int* first = kept.row_cols.data() + kept.row_begin[K];
    const int* last = kept.row_cols.data() + kept.row_begin[K + 1];
    return std::binary_search(first, last, L);
  };
  return scan(B, in_kept, false, nullptr);
}

}  // namespace monge::entropic
