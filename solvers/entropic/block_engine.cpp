#include "solvers/entropic/block_engine.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace monge::entropic {
namespace {

constexpr double kLog2e = 1.4426950408889634;
constexpr double kLn2 = 0.6931471805599453;
constexpr double kNegligible = -1e30;  // as block_kernel_impl.hpp: β of padding and zero weights

// Row sums outside these ranges are redone with an exact shift (block_kernel.hpp): float lanes
// clamp terms below 2^-125 and above 2^127, double lanes below 2^-1021.
struct SumRange {
  double lo, hi;
};
constexpr SumRange kSingleRange{0x1p-60, 0x1p120};
constexpr SumRange kDoubleRange{0x1p-900, 0x1p900};

// Row clusters per scheduling chunk: enough chunks for dynamic balancing of uneven clusters.
int chunk_of(int clusters) { return std::max(1, clusters / (16 * std::max(1, omp_get_max_threads()))); }

// Kernel entries of the blocks in `kept` (real points).
long long entries_of(const ClusteredCloud& R, const ClusteredCloud& C, KeptView kept) {
  long long e = 0;
  for (int K = 0; K < R.clusters; ++K)
    for (int b = kept.begin[K]; b < kept.begin[K + 1]; ++b) e += static_cast<long long>(R.count[K]) * C.count[kept.cols[b]];
  return e;
}

// Below this many entries a pass takes well under a millisecond and waking the other threads
// costs more than it saves (as in scaling_sinkhorn.cpp). Rows are summed alike either way.
constexpr long long kParallelEntries = 1 << 20;

}  // namespace

// The per-pass arrays of block_kernel.hpp's PassView, in slot order.
struct BlockSide::Pass {
  std::vector<double> alpha, beta, pred, etahat_d, h;
  std::vector<float> etahat_f;
  PassView view;

  Pass(const BlockSide& s, KeptView kept, const Eigen::VectorXd& hv, const Eigen::VectorXd& pv, double eps, bool need_h) {
    const ClusteredCloud &R = s.R_, &C = s.C_;
    const int d = R.d;
    const double inv = 1.0 / eps;
    R.to_slots(pv, 0.0, pred);
    alpha.assign(R.slots, 0.0);
    for (int i = 0; i < R.n; ++i) {
      const int sl = R.slot_of[i];
      double x2 = 0;
      for (int k = 0; k < d; ++k) x2 += R.local_d[static_cast<std::size_t>(k) * R.slots + sl] * R.local_d[static_cast<std::size_t>(k) * R.slots + sl];
      alpha[sl] = (pred[sl] - x2) * inv * kLog2e;
    }
    C.to_slots(hv, 0.0, h);
    beta.assign(C.slots, kNegligible);
    etahat_d.resize(static_cast<std::size_t>(d) * C.slots);
    etahat_f.resize(etahat_d.size());
    for (std::size_t q = 0; q < etahat_d.size(); ++q) {
      etahat_d[q] = C.local_d[q] * 2 * inv * kLog2e;
      etahat_f[q] = static_cast<float>(etahat_d[q]);
    }
    for (int j = 0; j < C.n; ++j) {
      const int sl = C.slot_of[j];
      if (!(s.logw_[sl] > 0.5 * kNegligible)) continue;
      double y2 = 0;
      for (int k = 0; k < d; ++k) y2 += C.local_d[static_cast<std::size_t>(k) * C.slots + sl] * C.local_d[static_cast<std::size_t>(k) * C.slots + sl];
      beta[sl] = ((h[sl] - y2) * inv + s.logw_[sl]) * kLog2e;
    }
    if (!need_h) h.clear();
    view.rows = R.view();
    view.cols = C.view();
    view.kept = kept;
    view.eps = eps;
    view.alpha = alpha.data();
    view.beta = beta.data();
    view.etahat_f = etahat_f.data();
    view.etahat_d = etahat_d.data();
  }

  // Re-shifts the rows of cluster K whose sums left `range` by their largest term (so that the
  // largest is 2^0 and the sum lies in [1, entries]); returns true if any row moved. shift[i]
  // gets the amount (log2 units) by which alpha moved.
  bool reshift(const KernelTable& t, int K, const double* sum, SumRange range, std::vector<double>& shift) {
    bool moved = false;
    for (int i = view.rows.slot[K]; i < view.rows.slot[K] + view.rows.count[K]; ++i) {
      if (sum[i] >= range.lo && sum[i] <= range.hi) continue;
      const double m = t.row_max(MaxJob{view, K, i});
      if (!(m > 0.5 * kNegligible)) continue;  // no weighted column: the row keeps its prediction
      alpha[i] -= m;
      shift[i] += m;
      moved = true;
    }
    return moved;
  }
};

BlockSide::BlockSide(const ClusteredCloud& R, const ClusteredCloud& C, const Eigen::VectorXd& w) : R_(R), C_(C) {
  logw_.assign(C.slots, kNegligible);
  for (int j = 0; j < C.n; ++j)
    if (w[j] > 0) logw_[C.slot_of[j]] = std::log(w[j]);
}

void BlockSide::softmin(KeptView kept, const Eigen::VectorXd& h, const Eigen::VectorXd& pred, double eps, bool single,
                        Eigen::VectorXd& out, long long* entries) const {
  Pass pass(*this, kept, h, pred, eps, false);
  const KernelTable& t = kernel_table();
  const SumRange range = single ? kSingleRange : kDoubleRange;
  std::vector<double> sum(R_.slots, 0.0), shift(R_.slots, 0.0);
  const int chunk = chunk_of(R_.clusters);
  const long long e = entries_of(R_, C_, kept);
#pragma omp parallel for schedule(dynamic, 1) if (e >= kParallelEntries)
  for (int K0 = 0; K0 < R_.clusters; K0 += chunk) {
    const int K1 = std::min(R_.clusters, K0 + chunk);
    t.sums(SumJob{pass.view, single, K0, K1, sum.data()});
    for (int K = K0; K < K1; ++K)
      if (pass.reshift(t, K, sum.data(), range, shift)) t.sums(SumJob{pass.view, single, K, K + 1, sum.data()});
  }
  out.resize(R_.n);
  for (int i = 0; i < R_.n; ++i) {
    const int sl = R_.slot_of[i];
    // The prediction moved by −ε ln2·shift; an empty row (no weighted column) keeps it.
    out[i] = sum[sl] > 0 ? pass.pred[sl] - eps * (kLn2 * shift[sl] + std::log(sum[sl])) : pass.pred[sl];
  }
  if (entries) *entries += e;
}

std::vector<double> BlockSide::block_masses(KeptView kept, int blocks, const Eigen::VectorXd& f,
                                           const Eigen::VectorXd& g, const Eigen::VectorXd& a, double eps) const {
  Pass pass(*this, kept, g, f, eps, false);
  std::vector<double> w;
  R_.to_slots(a, 0.0, w);
  std::vector<double> mass(blocks, 0.0);
  const KernelTable& t = kernel_table();
  const int chunk = chunk_of(R_.clusters);
#pragma omp parallel for schedule(dynamic, 1) if (entries_of(R_, C_, kept) >= kParallelEntries)
  for (int K0 = 0; K0 < R_.clusters; K0 += chunk)
    t.block_sums(BlockSumJob{pass.view, w.data(), K0, std::min(R_.clusters, K0 + chunk), mass.data()});
  return mass;
}

void BlockSide::moments(KeptView kept, const Eigen::VectorXd& f, const Eigen::VectorXd& g, double eps, bool single,
                        bool images, bool argmax, Moments& out) const {
  Pass pass(*this, kept, g, f, eps, true);
  const KernelTable& t = kernel_table();
  const int d = R_.d;
  std::vector<double> sum(R_.slots, 0.0), cost(R_.slots, 0.0), gsum(R_.slots, 0.0), shift(R_.slots, 0.0);
  std::vector<double> y(images ? static_cast<std::size_t>(R_.slots) * d : 0);
  std::vector<int> arg(argmax ? R_.slots : 0, -1);
  auto job = [&](int K0, int K1) {
    return MomentsJob{pass.view, single, pass.h.data(), K0, K1, sum.data(), cost.data(), gsum.data(),
                      images ? y.data() : nullptr, argmax ? arg.data() : nullptr};
  };
  const int chunk = chunk_of(R_.clusters);
#pragma omp parallel for schedule(dynamic, 1) if (entries_of(R_, C_, kept) >= kParallelEntries)
  for (int K0 = 0; K0 < R_.clusters; K0 += chunk) {
    const int K1 = std::min(R_.clusters, K0 + chunk);
    t.moments(job(K0, K1));
    for (int K = K0; K < K1; ++K)
      if (pass.reshift(t, K, sum.data(), single ? kSingleRange : kDoubleRange, shift)) t.moments(job(K, K + 1));
  }
  out.mass.resize(R_.n);
  out.cost.resize(R_.n);
  out.gsum.resize(R_.n);
  if (images) out.images.resize(R_.n, d);
  if (argmax) out.argmax.resize(R_.n);
  for (int i = 0; i < R_.n; ++i) {
    const int sl = R_.slot_of[i];
    const double scale = shift[sl] != 0 ? std::exp2(shift[sl]) : 1.0;  // back from the exact shift
    out.mass[i] = sum[sl] * scale;
    out.cost[i] = cost[sl] * scale;
    out.gsum[i] = gsum[sl] * scale;
    if (images) {
      // A row without mass has no image: it stays where it is (as the CPU pass of divergence.cpp).
      const int K = static_cast<int>(std::upper_bound(R_.slot.begin(), R_.slot.end(), sl) - R_.slot.begin()) - 1;
      for (int k = 0; k < d; ++k)
        out.images(i, k) = static_cast<float>(sum[sl] > 0 ? y[static_cast<std::size_t>(sl) * d + k] / sum[sl]
                                                          : R_.center[K * d + k] + R_.local_d[static_cast<std::size_t>(k) * R_.slots + sl]);
    }
    if (argmax) out.argmax[i] = arg[sl] >= 0 ? C_.point_of[arg[sl]] : -1;
  }
}

}  // namespace monge::entropic
