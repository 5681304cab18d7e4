// See scaling_sinkhorn.cpp: lets GCC vectorise the clamps of fast_exp/fast_expf.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include <algorithm>
#include <vector>

#include "solvers/entropic/cost_rows.hpp"
#include "solvers/entropic/simd_dispatch.hpp"

namespace monge::entropic {
namespace {

// The log-domain half-step is an exp per (i, j): these row loops are the whole cost of the
// online mode. Each is a plain loop that the compiler vectorises (omp simd allows the max and
// sum reductions to be reordered); MONGE_SIMD_CLONES adds an AVX2 version.

// t_j = base_j − c_j/ε; returns max_j t_j.
MONGE_SIMD_CLONES double shifted_row(const double* c, const double* base, double inv, int M, double* t) {
  double mx = -1e300;
#pragma omp simd reduction(max : mx)
  for (int j = 0; j < M; ++j) {
    const double tj = base[j] - c[j] * inv;
    t[j] = tj;
    mx = tj > mx ? tj : mx;
  }
  return mx;
}

// The same with C_ij = |x_i − y_j|² in 2D computed on the fly (the online mode's common case):
// one pass instead of a cost row and then t.
MONGE_SIMD_CLONES double shifted_row_sq2d(double x0, double x1, const float* y, const double* base, double inv, int M,
                                          double* t) {
  double mx = -1e300;
#pragma omp simd reduction(max : mx)
  for (int j = 0; j < M; ++j) {
    const double d0 = x0 - static_cast<double>(y[2 * j]), d1 = x1 - static_cast<double>(y[2 * j + 1]);
    const double tj = base[j] - (d0 * d0 + d1 * d1) * inv;
    t[j] = tj;
    mx = tj > mx ? tj : mx;
  }
  return mx;
}

MONGE_SIMD_CLONES double sum_exp(const double* t, double mx, int M) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int j = 0; j < M; ++j) s += fast_exp(t[j] - mx);
  return s;
}

// t_j − mx ≤ 0 is formed in double, so only the exp itself is rounded to float.
MONGE_SIMD_CLONES double sum_expf(const double* t, double mx, int M) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int j = 0; j < M; ++j) s += static_cast<double>(fast_expf(static_cast<float>(t[j] - mx)));
  return s;
}

}  // namespace

void softmin_rows(const CostRows& C, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps, bool single,
                  Eigen::VectorXd& out) {
  if (C.runner) {
    C.runner->softmin(C.problem(), h, logw, eps, single, out);
    return;
  }
  out.resize(C.rows);
  const double inv = 1.0 / eps;
  const int M = C.cols;
  // h/ε + log w once per half-step, so the inner loop is one fused multiply-subtract and an exp.
  std::vector<double> base(M);
  for (int j = 0; j < M; ++j) base[j] = h[j] * inv + logw[j];
  const bool sq2d = !C.dense && C.kind == 0 && C.X->cols() == 2;
#pragma omp parallel if (static_cast<long long>(C.rows) * M >= (1 << 20))
  {
    std::vector<double> buffer(sq2d ? 0 : M), t(M);
#pragma omp for schedule(static)
    for (int i = 0; i < C.rows; ++i) {
      double mx;
      if (sq2d) {
        const float* x = C.X->data() + 2 * static_cast<std::ptrdiff_t>(i);
        mx = shifted_row_sq2d(x[0], x[1], C.Y->data(), base.data(), inv, M, t.data());
      } else {
        mx = shifted_row(C.row(i, buffer.data()), base.data(), inv, M, t.data());
      }
      const double s = single ? sum_expf(t.data(), mx, M) : sum_exp(t.data(), mx, M);
      out[i] = -eps * (mx + std::log(s));
    }
  }
}

}  // namespace monge::entropic
