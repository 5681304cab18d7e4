// No floating-point traps are used here, and with the default -ftrapping-math GCC 12 refuses to
// if-convert the clamps of fast_exp/fast_expf, which keeps the kernel loops scalar (measured).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include "solvers/entropic/scaling_sinkhorn.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <new>
#include <cmath>

#include "base/errors.hpp"
#include "base/progress.hpp"
#include "solvers/common/ordered_sum.hpp"
#include "solvers/entropic/entropic_math.hpp"
#include "solvers/entropic/relaxation.hpp"
#include "solvers/entropic/simd_dispatch.hpp"

namespace monge::entropic {

void IterationLog::record(int iteration, double eps, double error) const {
  if (history) history->emplace_back(iteration, error);
  if (hook && !(*hook)({iteration, eps, error}))
    throw Cancelled("Sinkhorn stopped by its caller at iteration " + std::to_string(iteration));
}
namespace {

// Scalings outside [1/B, B] are absorbed into the potentials. The kernel then stays close to
// P_ij/(a_i b_j), so its entries that matter never approach the float underflow (1e-38).
constexpr double kScalingBound = 1e6;

// Below this many kernel entries a pass takes well under a millisecond and waking the other
// threads costs more than it saves (on a loaded 2-core machine, 12x slower at n = 500).
constexpr long long kParallelEntries = 1 << 20;
// Row blocks of the fused pass: a multiple of any likely thread count, few enough that their
// column sums (blocks by M doubles) stay small next to the kernel.
constexpr int kRowBlocks = 16;

// The row loops below are the whole cost of an iteration. Each is a plain loop that the
// compiler vectorises; MONGE_SIMD_CLONES adds an AVX2+FMA version picked at run time.
MONGE_SIMD_CLONES void kernel_row(const double* c, double fi, const double* gs, double inv, int M, float* k) {
  for (int j = 0; j < M; ++j) k[j] = fast_expf(static_cast<float>(fi + gs[j] - c[j] * inv));
}
MONGE_SIMD_CLONES void kernel_row(const double* c, double fi, const double* gs, double inv, int M, double* k) {
  for (int j = 0; j < M; ++j) k[j] = fast_exp(fi + gs[j] - c[j] * inv);
}

// (K s)_i for one row, accumulated in double whatever the storage (overloads, not a template:
// function multiversioning does not apply to templates).
// Eight independent partial sums: one vector accumulator would wait on the add latency.
template <typename Real>
inline double row_dot_impl(const Real* k, const double* s, int M) {
  double part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int j = 0;
  for (; j + 8 <= M; j += 8)
    for (int l = 0; l < 8; ++l) part[l] += static_cast<double>(k[j + l]) * s[j + l];
  double d = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
  for (; j < M; ++j) d += static_cast<double>(k[j]) * s[j];
  return d;
}
MONGE_SIMD_CLONES double row_dot(const float* k, const double* s, int M) { return row_dot_impl(k, s, M); }
MONGE_SIMD_CLONES double row_dot(const double* k, const double* s, int M) { return row_dot_impl(k, s, M); }

// acc += t · K_i., the row's share of Kᵀ(a∘u), so that one pass over K gives both products.
MONGE_SIMD_CLONES void row_axpy(const float* k, double t, double* acc, int M) {
  for (int j = 0; j < M; ++j) acc[j] += t * static_cast<double>(k[j]);
}
MONGE_SIMD_CLONES void row_axpy(const double* k, double t, double* acc, int M) {
  for (int j = 0; j < M; ++j) acc[j] += t * k[j];
}

template <typename Real>
class ScalingSolver {
 public:
  ScalingSolver(const CostRows& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps,
                Eigen::VectorXd& f, Eigen::VectorXd& g, Real* kernel, std::vector<double>& columns)
      : C_(C), a_(a), b_(b), eps_(eps), f_(f), g_(g), N_(C.rows), M_(C.cols), blocks_(std::min(N_, kRowBlocks)),
        parallel_(static_cast<long long>(N_) * M_ >= kParallelEntries), K_(kernel), acc_(columns),
        u_(Eigen::VectorXd::Ones(N_)), unew_(N_), v_(Eigen::VectorXd::Ones(M_)), s_(M_), w_(M_) {
    acc_.resize(static_cast<std::size_t>(blocks_) * M_);
  }

  ScalingStage run(double tol, int budget, bool overrelax, const IterationLog* log, int first_iteration) {
    ScalingStage st;
    Relaxation relax(overrelax);
    build();
    bool fresh = true;  // no successful iteration since the last build
    while (st.iterations < budget) {
      report_progress(static_cast<double>(st.iterations) / budget, "Sinkhorn iterations (of the cap)");  // may throw Cancelled (base/progress.hpp)
      s_ = b_.cwiseProduct(v_);
      double row_err = 0;
      if (!fused_pass(relax.omega(), row_err)) {
        if (fresh) return fail(st);
        absorb_and_build();
        fresh = true;
        continue;
      }
      // Error of (new u, current v): the column masses b_j v_j w_j come with the pass, and so
      // do the row masses a_i u_i (K s)_i, exact rows (zero error) unless over-relaxed.
      bool bad_column = false;
      double err = row_err;
      for (int j = 0; j < M_; ++j) {
        if (!(b_[j] > 0)) continue;
        if (!(w_[j] > 1e-300) || !std::isfinite(w_[j])) bad_column = true;
        err += b_[j] * std::abs(v_[j] * w_[j] - 1.0);
      }
      u_.swap(unew_);
      ++st.iterations;
      if (bad_column) {
        if (fresh) return fail(st);
        absorb_and_build();
        fresh = true;
        continue;
      }
      fresh = false;
      st.error = err;
      if (log) log->record(first_iteration + st.iterations, eps_, err);
      if (err <= tol || st.iterations >= budget) break;
      const double omega = relax.omega();
      for (int j = 0; j < M_; ++j)
        v_[j] = !(b_[j] > 0) ? 1.0 : omega == 1.0 ? 1.0 / w_[j] : std::pow(v_[j], 1.0 - omega) * std::pow(w_[j], -omega);
      relax.observe(err);
      if (out_of_bounds()) {
        absorb_and_build();
        fresh = true;
      }
    }
    absorb();
    return st;
  }

 private:
  void build() {
    const double inv = 1.0 / eps_;
    std::vector<double> gs(M_);
    for (int j = 0; j < M_; ++j) gs[j] = g_[j] * inv;
#pragma omp parallel if (parallel_)
    {
      std::vector<double> buffer(C_.dense ? 0 : M_);
#pragma omp for schedule(static)
      for (int i = 0; i < N_; ++i)
        kernel_row(C_.row(i, buffer.data()), f_[i] * inv, gs.data(), inv, M_, K_ + static_cast<std::ptrdiff_t>(i) * M_);
    }
  }

  void absorb() {
    for (int i = 0; i < N_; ++i) f_[i] += eps_ * std::log(u_[i]);
    for (int j = 0; j < M_; ++j) g_[j] += eps_ * std::log(v_[j]);
    u_.setOnes();
    v_.setOnes();
  }

  void absorb_and_build() {
    absorb();
    build();
  }

  bool out_of_bounds() const {
    auto outside = [](const Eigen::VectorXd& x) {
      return x.maxCoeff() > kScalingBound || x.minCoeff() < 1.0 / kScalingBound;
    };
    return outside(u_) || outside(v_);
  }

  // unew = 1/(K s) and w = Kᵀ(a∘unew) in one pass over K (each row is read once, the second
  // loop over it hits the cache). False if a row of K s vanished (underflow). The rows are cut
  // into a fixed number of blocks, each with its own column sums, added in block order: the
  // result does not depend on the thread count.
  bool fused_pass(double omega, double& row_error) {
    bool bad_row = false;
    std::vector<double> row_err(blocks_, 0.0);
#pragma omp parallel reduction(|| : bad_row) if (parallel_)
    {
#pragma omp for schedule(static)
      for (int blk = 0; blk < blocks_; ++blk) {
        double* acc = acc_.data() + static_cast<std::ptrdiff_t>(blk) * M_;
        std::fill(acc, acc + M_, 0.0);
        const int i0 = static_cast<int>(static_cast<long long>(N_) * blk / blocks_);
        const int i1 = static_cast<int>(static_cast<long long>(N_) * (blk + 1) / blocks_);
        for (int i = i0; i < i1; ++i) {
          if (!(a_[i] > 0)) {  // an empty row carries no mass and constrains nothing
            unew_[i] = u_[i];
            continue;
          }
          const Real* k = K_ + static_cast<std::ptrdiff_t>(i) * M_;
          const double d = row_dot(k, s_.data(), M_);
          if (!(d > 1e-300) || !std::isfinite(d)) {
            bad_row = true;
            unew_[i] = u_[i];
            continue;
          }
          unew_[i] = omega == 1.0 ? 1.0 / d : std::pow(u_[i], 1.0 - omega) * std::pow(d, -omega);
          row_err[blk] += a_[i] * std::abs(unew_[i] * d - 1.0);
          row_axpy(k, a_[i] * unew_[i], acc, M_);
        }
      }
      // Sum the blocks' column accumulators in block order (after the loop's implicit barrier).
#pragma omp for schedule(static)
      for (int j = 0; j < M_; ++j) {
        double t = 0;
        for (int p = 0; p < blocks_; ++p) t += acc_[static_cast<std::size_t>(p) * M_ + j];
        w_[j] = t;
      }
    }
    row_error = 0;
    for (int blk = 0; blk < blocks_; ++blk) row_error += row_err[blk];
    return !bad_row;
  }

  ScalingStage fail(ScalingStage st) {
    st.underflow = true;
    absorb();
    return st;
  }

  const CostRows& C_;
  const Eigen::VectorXd &a_, &b_;
  const double eps_;
  Eigen::VectorXd &f_, &g_;
  const int N_, M_, blocks_;
  const bool parallel_;
  Real* K_;                   // N_ by M_, row-major (workspace)
  std::vector<double>& acc_;  // blocks_ by M_ partial column sums (workspace)
  Eigen::VectorXd u_, unew_, v_, s_, w_;
};

}  // namespace

void ScalingWorkspace::Free::operator()(void* p) const { std::free(p); }

// The kernel is first touched by one write pass; on 4 KiB pages that pass was mostly page faults
// (86% of it, 50 ms for 16 MB on our VM), so ask for 2 MiB pages where Linux offers them. A
// kernel smaller than one such page gets a plain cache-line-aligned block: a huge page would make
// a 10 x 10 solve zero 2 MiB on its first touch.
void* ScalingWorkspace::reserve(std::size_t bytes) {
  if (bytes <= bytes_) return kernel_.get();
  constexpr std::size_t kHuge = std::size_t{2} << 20, kLine = 64;
  const std::size_t align = bytes >= kHuge ? kHuge : kLine;
  const std::size_t rounded = (bytes + align - 1) / align * align;
  kernel_.reset();
  kernel_.reset(std::aligned_alloc(align, rounded));
  if (!kernel_) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (align == kHuge) madvise(kernel_.get(), rounded, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
  bytes_ = rounded;
  return kernel_.get();
}

ScalingStage scaling_sinkhorn(const CostRows& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps,
                              double tol, int budget, KernelPrecision precision, bool overrelax, Eigen::VectorXd& f,
                              Eigen::VectorXd& g, const IterationLog* log, int first_iteration, ScalingWorkspace& ws) {
  const std::size_t n = static_cast<std::size_t>(C.rows) * C.cols;
  if (precision == KernelPrecision::Single)
    return ScalingSolver<float>(C, a, b, eps, f, g, ws.single(n), ws.columns).run(tol, budget, overrelax, log, first_iteration);
  return ScalingSolver<double>(C, a, b, eps, f, g, ws.twice(n), ws.columns).run(tol, budget, overrelax, log, first_iteration);
}

}  // namespace monge::entropic
