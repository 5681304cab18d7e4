// Internal to solvers/entropic: the body of the tiled log-sum-exp kernels (block_kernel.hpp has
// the contract and the derivation). No include guard on purpose: block_kernel_{sse2,avx2,avx512}.cpp
// each include it once, under their own `#pragma GCC target`, with MONGE_KERNEL_NS (the namespace
// of that copy) and MONGE_KERNEL_BYTES (its vector width) defined. Everything but table() has
// internal linkage, and nothing here instantiates a standard-library template (a comdat copy
// compiled for AVX-512 could be picked by the linker for baseline code).
//
// Sections: block setup (column tile, row constants) · half-step sums · row maxima · moments ·
// the exp2 reference loop · table.
#if !defined(MONGE_KERNEL_NS) || !defined(MONGE_KERNEL_BYTES)
#error "define MONGE_KERNEL_NS and MONGE_KERNEL_BYTES before including block_kernel_impl.hpp"
#endif

#include "solvers/entropic/block_kernel.hpp"
#include "solvers/entropic/simd_vec.hpp"

namespace monge::entropic::MONGE_KERNEL_NS {
namespace {

constexpr int kBytes = MONGE_KERNEL_BYTES;
constexpr double kLog2e = 1.4426950408889634;
// β (and so every tile value) of padding and zero weights: 2^u of it is 0 in double and in float
// (−1e30 is finite in float, unlike −1e300: x − round(x) must not be a NaN), and no real value
// comes near it (it would need h/ε below −1e29). "No weight" tests compare with half of it.
constexpr double kNegligible = -1e30;
template <class Real>
using Vr = simd::V<Real, kBytes>;
template <class Real>
constexpr int kLanes = simd::Vec<Real, kBytes>::lanes;
// Rows per register block (MONGE_KERNEL_ROWS overrides, for experiments).
#ifdef MONGE_KERNEL_ROWS
template <class Real>
constexpr int kRows = MONGE_KERNEL_ROWS;
#else
template <class Real>
constexpr int kRows = kBytes == 64 ? 4 : 2;
#endif

// ---- block setup -------------------------------------------------------------------------------

// The geometry of block (K, L): Δ' = 2(c_K − c_L) log2e/ε, κ = −|c_K − c_L|² log2e/ε.
template <int D>
struct BlockGeometry {
  double dprime[D];
  double kappa;
  BlockGeometry(const PassView& p, int K, int L) {
    const double s = kLog2e / p.eps;
    double n2 = 0;
    for (int k = 0; k < D; ++k) {
      const double delta = p.rows.center[K * D + k] - p.cols.center[L * D + k];
      dprime[k] = 2 * s * delta;
      n2 += delta * delta;
    }
    kappa = -n2 * s;
  }
};

// Column tile of block (K, L): tile[j] = β_j + Δ'·η_j − Q over the slots of L, Q their largest
// (returned). Padding and zero weights have β = kNegligible, so they neither raise Q nor count:
// their tile values stay near it. Vector loops over whole slots (L's slot count is a
// multiple of every lane count). Scratch `qd`: the slots of L.
template <class Real, int D>
double column_tile(const PassView& p, int L, const BlockGeometry<D>& g, double* qd, Real* tile) {
  using F = Vr<double>;
  constexpr int W = kLanes<double>;
  const int s0 = p.cols.slot[L], n = p.cols.slot[L + 1] - s0;
  const int stride = p.cols.slots;
  F mx = simd::splat<double, kBytes>(2 * kNegligible);
  for (int j = 0; j < n; j += W) {
    F v = simd::load<double, kBytes>(p.beta + s0 + j);
    for (int k = 0; k < D; ++k) v = v + g.dprime[k] * simd::load<double, kBytes>(p.cols.local_d + k * stride + s0 + j);
    simd::store<double, kBytes>(qd + j, v);
    mx = simd::vmax<double, kBytes>(mx, v);
  }
  const double Q = simd::hmax<double, kBytes>(mx);
  if (!(Q > 0.5 * kNegligible)) return kNegligible;
  for (int j = 0; j < n; ++j) tile[j] = static_cast<Real>(qd[j] - Q);
  return Q;
}

// Row constant of the single row in slot `i` (the fallback's maximum, the moments).
template <int D>
inline double row_constant(const PassView& p, int i, const BlockGeometry<D>& g, double Q) {
  double v = p.alpha[i] + g.kappa + Q;
  for (int k = 0; k < D; ++k) v -= g.dprime[k] * p.rows.local_d[k * p.rows.slots + i];
  return v;
}

template <class Real>
inline const Real* local_of(const SlotCloudView& c) {
  if constexpr (sizeof(Real) == 4) return c.local_f; else return c.local_d;
}
template <class Real>
inline const Real* etahat_of(const PassView& p) {
  if constexpr (sizeof(Real) == 4) return p.etahat_f; else return p.etahat_d;
}

// ---- half-step sums ----------------------------------------------------------------------------

// A row's running sum over the blocks, in double lanes: a block's float lanes (a few dozen terms
// each) are widened and added, so no float sum ever spans more than one block.
using Vd = Vr<double>;
template <class Real>
struct RowAcc {
  Vd lo, hi;  // float: the low and high halves of the lanes; double: lo only
};
// The low or high half of v's lanes (a shuffle: going through memory would keep the running
// sums out of registers).
typedef float HalfF __attribute__((vector_size(kBytes / 2)));
template <int Offset, int... I>
inline HalfF half_at(Vr<float> v, std::integer_sequence<int, I...>) {
  return __builtin_shufflevector(v, v, (I + Offset)...);
}
template <class Real>
inline void widen_add(RowAcc<Real>& acc, Vr<Real> v) {
  if constexpr (sizeof(Real) == 8) {
    acc.lo += v;
  } else {
    constexpr int h = kLanes<float> / 2;
    acc.lo += __builtin_convertvector(half_at<0>(v, std::make_integer_sequence<int, h>{}), Vd);
    acc.hi += __builtin_convertvector(half_at<h>(v, std::make_integer_sequence<int, h>{}), Vd);
  }
}
template <class Real>
inline double total(const RowAcc<Real>& acc) {
  if constexpr (sizeof(Real) == 8) return simd::hsum<double, kBytes>(acc.lo);
  else return simd::hsum<double, kBytes>(acc.lo + acc.hi);
}

// R rows against one row cluster's concatenated column tile (see sums_of): acc[r] += Σ_j
// 2^{α_r + γ_j + ξ_r·ζ_j} over n slots (a lane multiple), in chunks of kChunk columns whose float
// lane sums are widened into the double accumulators (no float sum spans more than a chunk).
constexpr int kChunk = 512;
template <class Real, int D, int R>
inline void group_sum(const Real* gamma, const Real* const* zeta, int n, const Real* alpha, const Real (*xi)[D],
                      RowAcc<Real>* acc) {
  using F = Vr<Real>;
  F rv[R], xv[R][D];
  for (int r = 0; r < R; ++r) {
    rv[r] = simd::splat<Real, kBytes>(alpha[r]);
    for (int k = 0; k < D; ++k) xv[r][k] = simd::splat<Real, kBytes>(xi[r][k]);
  }
  for (int c = 0; c < n; c += kChunk) {
    const int end = c + kChunk < n ? c + kChunk : n;
    F sum[R];
    for (int r = 0; r < R; ++r) sum[r] = F{};
    for (int j = c; j < end; j += kLanes<Real>) {
      const F q = simd::load<Real, kBytes>(gamma + j);
      F z[D];
      for (int k = 0; k < D; ++k) z[k] = simd::load<Real, kBytes>(zeta[k] + j);
      for (int r = 0; r < R; ++r) {
        F u = rv[r] + q;
        for (int k = 0; k < D; ++k) u = u + xv[r][k] * z[k];
        sum[r] += simd::exp2<kBytes>(u);
      }
    }
    for (int r = 0; r < R; ++r) widen_add<Real>(acc[r], sum[r]);
  }
}

// Scratch aligned to the cache line (a misaligned 64-byte load touches two lines).
template <class T>
T* scratch(long long n) {
  return static_cast<T*>(::operator new[](static_cast<std::size_t>(n) * sizeof(T), std::align_val_t(64)));
}
template <class T>
void release(T* p) {
  ::operator delete[](p, std::align_val_t(64));
}

int largest_cluster(const SlotCloudView& c) {
  int m = kSlotPad;
  for (int L = 0; L < c.clusters; ++L) m = c.slot[L + 1] - c.slot[L] > m ? c.slot[L + 1] - c.slot[L] : m;
  return m;
}

// The half-step sums of row cluster K in one sweep per register block of rows. The exponent of
// block (K, L) is rewritten around K's centre alone: with ζ_j = y_j − c_K = η_j − Δ,
//   u_ij = α_i + γ_j + ξ_i·ζ̂_j,  γ_j = β_j + Δ'·η_j + κ,  ζ̂_j = η̂_j − Δ',
// and a reference A_K (the largest α of the cluster) moves from the rows (α − A_K, ≤ 0) to the
// columns (γ + A_K), both formed in double and rounded once, so the float terms stay of the size
// of the exponents that matter. The columns of all kept blocks are laid end to end (γ and ζ̂ per
// slot, O(kept columns) per cluster, against O(rows × kept columns) for the sums), so each sweep
// is one long loop.
// Appends the real columns of block (K, L) to the tile at n: γ_j + A and ζ̂_j (d arrays of stride
// zs). Returns n plus the block's real columns.
template <class Real, int D>
inline int append_columns(const PassView& p, int K, int L, double A, int n, Real* __restrict gamma,
                          Real* __restrict zeta, int zs) {
  const int cs = p.cols.slots;  // zeta's stride is zs
  const BlockGeometry<D> g(p, K, L);
  const int c0 = p.cols.slot[L], m = p.cols.count[L];
  const double* __restrict beta = p.beta + c0;
  const double c = g.kappa + A;
  for (int j = 0; j < m; ++j) {
    double v = beta[j] + c;
    for (int k = 0; k < D; ++k) v += g.dprime[k] * p.cols.local_d[k * cs + c0 + j];
    gamma[n + j] = static_cast<Real>(v);
  }
  for (int k = 0; k < D; ++k) {
    const double* __restrict eh = p.etahat_d + k * cs + c0;
    Real* __restrict z = zeta + static_cast<long long>(k) * zs + n;
    for (int j = 0; j < m; ++j) z[j] = static_cast<Real>(eh[j] - g.dprime[k]);
  }
  return n + m;
}

template <class Real, int D>
void sums_of(const SumJob& job) {
  const PassView& p = job.pass;
  constexpr int R = kRows<Real>;
  const Real* xl = local_of<Real>(p.rows);
  const int nr = largest_cluster(p.rows), cs = p.cols.slots, rs = p.rows.slots;
  Real* gamma = scratch<Real>(static_cast<long long>(cs) * (D + 1));
  Real* zeta = gamma + cs;
  Real* alpha = scratch<Real>(nr);
  RowAcc<Real>* acc = new RowAcc<Real>[nr];
  for (int K = job.cluster_begin; K < job.cluster_end; ++K) {
    const int r0 = p.rows.slot[K], count = p.rows.count[K];
    double A = kNegligible;
    for (int i = 0; i < count; ++i) A = p.alpha[r0 + i] > A ? p.alpha[r0 + i] : A;
    // The real columns of K's kept blocks end to end, the tail padded to whole vectors with
    // terms that vanish (γ = kNegligible).
    int n = 0;
    for (int b = p.kept.begin[K]; b < p.kept.begin[K + 1]; ++b) n = append_columns<Real, D>(p, K, p.kept.cols[b], A, n, gamma, zeta, cs);
    for (; n % kSlotPad != 0; ++n) {
      gamma[n] = static_cast<Real>(kNegligible);
      for (int k = 0; k < D; ++k) zeta[k * cs + n] = 0;
    }
    for (int i = 0; i < count; ++i) {
      alpha[i] = static_cast<Real>(p.alpha[r0 + i] - A);
      acc[i] = RowAcc<Real>{Vd{}, Vd{}};
    }
    const Real* z[D];
    for (int k = 0; k < D; ++k) z[k] = zeta + static_cast<long long>(k) * cs;
    // Register blocks of R rows, then the rows left over one by one.
    int i = 0;
    for (; i + R <= count; i += R) {
      Real xi[R][D];
      for (int r = 0; r < R; ++r)
        for (int k = 0; k < D; ++k) xi[r][k] = xl[static_cast<long long>(k) * rs + r0 + i + r];
      group_sum<Real, D, R>(gamma, z, n, alpha + i, xi, acc + i);
    }
    for (; i < count; ++i) {
      Real xi[1][D];
      for (int k = 0; k < D; ++k) xi[0][k] = xl[static_cast<long long>(k) * rs + r0 + i];
      group_sum<Real, D, 1>(gamma, z, n, alpha + i, xi, acc + i);
    }
    for (int i = 0; i < count; ++i) job.sum[r0 + i] = total<Real>(acc[i]);
  }
  delete[] acc;
  release(alpha);
  release(gamma);
}

template <int D>
void sums_d(const SumJob& job) {
  if (job.single)
    sums_of<float, D>(job);
  else
    sums_of<double, D>(job);
}

void sums(const SumJob& job) {
  const simd::FlushDenormals ftz;
  switch (job.pass.rows.d) {
    case 1: return sums_d<1>(job);
    case 2: return sums_d<2>(job);
    default: return sums_d<3>(job);
  }
}

// ---- block masses (the coarse correction) ------------------------------------------------------

// mass[b] = Σ_{i∈K} w_i Σ_{j∈L} 2^{u_ij} for every kept block b = (K, L) of the row clusters of the
// job, float lanes: the sums of sums_of, kept apart per block (each block's columns padded to
// whole vectors on their own).
template <int D>
void block_sums_d(const BlockSumJob& job) {
  const PassView& p = job.pass;
  constexpr int R = kRows<float>;
  const int cs = p.cols.slots, rs = p.rows.slots;
  float* gamma = scratch<float>(static_cast<long long>(largest_cluster(p.cols)) * (D + 1));
  const int stride = largest_cluster(p.cols);
  float* zeta = gamma + stride;
  float* alpha = scratch<float>(largest_cluster(p.rows));
  RowAcc<float>* acc = new RowAcc<float>[largest_cluster(p.rows)];
  for (int K = job.cluster_begin; K < job.cluster_end; ++K) {
    const int r0 = p.rows.slot[K], count = p.rows.count[K];
    double A = kNegligible;
    for (int i = 0; i < count; ++i) A = p.alpha[r0 + i] > A ? p.alpha[r0 + i] : A;
    for (int i = 0; i < count; ++i) alpha[i] = static_cast<float>(p.alpha[r0 + i] - A);
    for (int b = p.kept.begin[K]; b < p.kept.begin[K + 1]; ++b) {
      int n = append_columns<float, D>(p, K, p.kept.cols[b], A, 0, gamma, zeta, stride);
      for (; n % kSlotPad != 0; ++n) {
        gamma[n] = static_cast<float>(kNegligible);
        for (int k = 0; k < D; ++k) zeta[k * stride + n] = 0;
      }
      const float* z[D];
      for (int k = 0; k < D; ++k) z[k] = zeta + static_cast<long long>(k) * stride;
      for (int i = 0; i < count; ++i) acc[i] = RowAcc<float>{Vd{}, Vd{}};
      int i = 0;
      for (; i + R <= count; i += R) {
        float xi[R][D];
        for (int r = 0; r < R; ++r)
          for (int k = 0; k < D; ++k) xi[r][k] = p.rows.local_f[static_cast<long long>(k) * rs + r0 + i + r];
        group_sum<float, D, R>(gamma, z, n, alpha + i, xi, acc + i);
      }
      for (; i < count; ++i) {
        float xi[1][D];
        for (int k = 0; k < D; ++k) xi[0][k] = p.rows.local_f[static_cast<long long>(k) * rs + r0 + i];
        group_sum<float, D, 1>(gamma, z, n, alpha + i, xi, acc + i);
      }
      double m = 0;
      for (int q = 0; q < count; ++q) m += job.w[r0 + q] * total<float>(acc[q]);
      job.mass[b] = m;
    }
  }
  delete[] acc;
  release(alpha);
  release(gamma);
  (void)cs;
}

void block_sums(const BlockSumJob& job) {
  const simd::FlushDenormals ftz;
  switch (job.pass.rows.d) {
    case 1: return block_sums_d<1>(job);
    case 2: return block_sums_d<2>(job);
    default: return block_sums_d<3>(job);
  }
}

// ---- row maxima (the fallback's shift) ---------------------------------------------------------

template <int D>
double row_max_d(const MaxJob& job) {
  const PassView& p = job.pass;
  using F = Vr<double>;
  const int K = job.cluster, i = job.row;
  const int n = largest_cluster(p.cols);
  double* qd = scratch<double>(2 * static_cast<long long>(n));
  double* tile = qd + n;
  double best = kNegligible;
  for (int b = p.kept.begin[K]; b < p.kept.begin[K + 1]; ++b) {
    const int L = p.kept.cols[b];
    const BlockGeometry<D> g(p, K, L);
    const double Q = column_tile<double, D>(p, L, g, qd, tile);
    if (!(Q > 0.5 * kNegligible)) continue;
    const int c0 = p.cols.slot[L], m = p.cols.slot[L + 1] - c0;
    const F rv = simd::splat<double, kBytes>(row_constant<D>(p, i, g, Q));
    F xv[D];
    for (int k = 0; k < D; ++k) xv[k] = simd::splat<double, kBytes>(p.rows.local_d[k * p.rows.slots + i]);
    F mx = simd::splat<double, kBytes>(kNegligible);
    for (int j = 0; j < m; j += kLanes<double>) {
      F u = rv + simd::load<double, kBytes>(tile + j);
      for (int k = 0; k < D; ++k) u = u + xv[k] * simd::load<double, kBytes>(p.etahat_d + k * p.cols.slots + c0 + j);
      mx = simd::vmax<double, kBytes>(mx, u);
    }
    const double h = simd::hmax<double, kBytes>(mx);
    best = h > best ? h : best;
  }
  release(qd);
  return best;
}

double row_max(const MaxJob& job) {
  const simd::FlushDenormals ftz;
  switch (job.pass.rows.d) {
    case 1: return row_max_d<1>(job);
    case 2: return row_max_d<2>(job);
    default: return row_max_d<3>(job);
  }
}

// ---- moments (double) --------------------------------------------------------------------------

// The moments of row cluster K, in the frame of sums_of: the kept columns end to end with γ_j + A,
// ζ̂_j (scaled, for the exponent) and ζ_j = y_j − c_K (for C_ij = |ξ_i − ζ_j|² and y_j), h_j and
// their slots, then one sweep per row. Float lanes (job.single) sum chunks of kChunk columns and
// widen them into double, as group_sum.
template <class Real, int D>
void moments_of(const MomentsJob& job) {
  const PassView& p = job.pass;
  using F = Vr<Real>;
  using I = typename simd::Vec<Real, kBytes>::bits;
  constexpr int W = kLanes<Real>;
  const int cs = p.cols.slots, rs = p.rows.slots;
  Real* gamma = scratch<Real>(static_cast<long long>(cs) * (2 * D + 2));
  Real* zhat = gamma + cs;
  Real* zeta = zhat + static_cast<long long>(D) * cs;
  Real* hcat = zeta + static_cast<long long>(D) * cs;
  int* where = scratch<int>(cs);
  I iota;
  for (int l = 0; l < W; ++l) iota[l] = l;
  for (int K = job.cluster_begin; K < job.cluster_end; ++K) {
    const int r0 = p.rows.slot[K], count = p.rows.count[K];
    double A = kNegligible;
    for (int i = 0; i < count; ++i) A = p.alpha[r0 + i] > A ? p.alpha[r0 + i] : A;
    int n = 0;
    for (int b = p.kept.begin[K]; b < p.kept.begin[K + 1]; ++b) {
      const int L = p.kept.cols[b], c0 = p.cols.slot[L], m = p.cols.count[L];
      append_columns<Real, D>(p, K, L, A, n, gamma, zhat, cs);  // γ + A and ζ̂ at [n, n + m)
      for (int j = 0; j < m; ++j) {
        for (int k = 0; k < D; ++k)
          zeta[k * cs + n + j] = static_cast<Real>(p.cols.local_d[k * cs + c0 + j] + p.cols.center[L * D + k] - p.rows.center[K * D + k]);
        hcat[n + j] = static_cast<Real>(job.h ? job.h[c0 + j] : 0.0);
        where[n + j] = c0 + j;
      }
      n += m;
    }
    for (; n % kSlotPad != 0; ++n) {
      gamma[n] = static_cast<Real>(kNegligible);
      hcat[n] = 0;
      where[n] = -1;
      for (int k = 0; k < D; ++k) zhat[k * cs + n] = zeta[k * cs + n] = 0;
    }
    for (int i = r0; i < r0 + count; ++i) {
      const F rv = simd::splat<Real, kBytes>(static_cast<Real>(p.alpha[i] - A));
      F xv[D];
      for (int k = 0; k < D; ++k) xv[k] = simd::splat<Real, kBytes>(static_cast<Real>(p.rows.local_d[k * rs + i]));
      RowAcc<Real> as{Vd{}, Vd{}}, ac{Vd{}, Vd{}}, ah{Vd{}, Vd{}}, ay[D];
      for (int k = 0; k < D; ++k) ay[k] = RowAcc<Real>{Vd{}, Vd{}};
      F best = simd::splat<Real, kBytes>(-1);
      I bi = I{} - 1;
      for (int c = 0; c < n; c += kChunk) {
        const int end = c + kChunk < n ? c + kChunk : n;
        F vs{}, vc{}, vh{}, vy[D];
        for (int k = 0; k < D; ++k) vy[k] = F{};
        for (int j = c; j < end; j += W) {
          F u = rv + simd::load<Real, kBytes>(gamma + j);
          F z[D];
          for (int k = 0; k < D; ++k) {
            u = u + xv[k] * simd::load<Real, kBytes>(zhat + k * cs + j);
            z[k] = simd::load<Real, kBytes>(zeta + k * cs + j);
          }
          const F e = simd::exp2<kBytes>(u);
          F cost{};
          for (int k = 0; k < D; ++k) {
            const F t = xv[k] - z[k];
            cost = cost + t * t;
            vy[k] = vy[k] + e * z[k];
          }
          vs += e;
          vc = vc + e * cost;
          if (job.hsum) vh = vh + e * simd::load<Real, kBytes>(hcat + j);
          if (job.argmax) {
            const I up = e > best;
            best = up ? e : best;
            bi = up ? iota + j : bi;
          }
        }
        widen_add<Real>(as, vs);
        widen_add<Real>(ac, vc);
        widen_add<Real>(ah, vh);
        for (int k = 0; k < D; ++k) widen_add<Real>(ay[k], vy[k]);
      }
      const double sum = total<Real>(as);
      if (job.sum) job.sum[i] = sum;
      if (job.cost) job.cost[i] = total<Real>(ac);
      if (job.hsum) job.hsum[i] = total<Real>(ah);
      if (job.y)
        for (int k = 0; k < D; ++k) job.y[static_cast<long long>(i) * D + k] = p.rows.center[K * D + k] * sum + total<Real>(ay[k]);
      if (job.argmax) {
        double top = -1;
        long long arg = -1;
        for (int l = 0; l < W; ++l)  // earliest position on ties (lanes hold increasing positions)
          if (best[l] > top || (best[l] == top && bi[l] < arg)) top = best[l], arg = bi[l];
        job.argmax[i] = arg >= 0 ? where[arg] : -1;
      }
    }
  }
  release(where);
  release(gamma);
}

template <int D>
void moments_d(const MomentsJob& job) {
  if (job.single)
    moments_of<float, D>(job);
  else
    moments_of<double, D>(job);
}

void moments(const MomentsJob& job) {
  const simd::FlushDenormals ftz;
  switch (job.pass.rows.d) {
    case 1: return moments_d<1>(job);
    case 2: return moments_d<2>(job);
    default: return moments_d<3>(job);
  }
}

// ---- the exp2 reference loop -------------------------------------------------------------------

// Four independent accumulators, as the kernels' register blocks: the loop is bound by the exp
// arithmetic, not by the latency of one running sum.
double exp2_sum(const float* x, int n, int reps) {
  const simd::FlushDenormals ftz;
  using F = Vr<float>;
  constexpr int W = kLanes<float>;
  F a0{}, a1{}, a2{}, a3{};
  for (int r = 0; r < reps; ++r)
    for (int j = 0; j + 4 * W <= n; j += 4 * W) {
      a0 += simd::exp2<kBytes>(simd::load<float, kBytes>(x + j));
      a1 += simd::exp2<kBytes>(simd::load<float, kBytes>(x + j + W));
      a2 += simd::exp2<kBytes>(simd::load<float, kBytes>(x + j + 2 * W));
      a3 += simd::exp2<kBytes>(simd::load<float, kBytes>(x + j + 3 * W));
    }
  return simd::hsum<float, kBytes>((a0 + a1) + (a2 + a3));
}

}  // namespace

const KernelTable& table() {
  static const KernelTable t{MONGE_KERNEL_NAME, &sums, &row_max, &moments, &block_sums, &exp2_sum};
  return t;
}

}  // namespace monge::entropic::MONGE_KERNEL_NS
