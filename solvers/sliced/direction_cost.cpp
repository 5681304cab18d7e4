#include "solvers/sliced/direction_cost.hpp"

#include <algorithm>
#include <cmath>

#include "solvers/sliced/sliced_math.hpp"

namespace monge {

namespace {

template <class V>
void grow(V& v, std::size_t size) {
  if (v.size() < size) v.resize(size);
}

// The matched path's sequential pass: source point i (projection v_i) is matched to target value
// t_i, so W_p^p = mean_i |v_i - t_i|^p and d W_p^p / d x_i = (d/dv |v - t_i|^p)(v_i) / N * theta.
// D = 2, 3 spelled out so that the loop vectorises; D = 0 for any d. Overwrite: acc = gradient
// instead of acc += gradient.
template <int P, int D, bool Overwrite>
double matched_pass(const float* x, int n, int d, const float* theta, const float* t, float* acc) {
  if (D) d = D;
  const float coef = (P == 2 ? 2.0f : 1.0f) / static_cast<float>(n);
  // An OpenMP simd reduction: vector lanes of partial sums, in an order fixed at compile time, so
  // the sum does not depend on the thread count.
  double s = 0.0;
#pragma omp simd reduction(+ : s)
  for (int i = 0; i < n; ++i) {
    const float* xi = x + std::size_t(i) * d;
    const float v = D == 2 ? project2(xi, theta[0], theta[1])
                  : D == 3 ? project3(xi, theta[0], theta[1], theta[2])
                           : project_any(xi, theta, d);
    const float diff = v - t[i];
    s += P == 2 ? double(diff) * diff : double(std::fabs(diff));
    if (acc) {
      const float g = P == 2 ? coef * diff : (diff > 0 ? coef : (diff < 0 ? -coef : 0.0f));
      float* a = acc + std::size_t(i) * d;
      for (int j = 0; j < d; ++j) a[j] = Overwrite ? g * theta[j] : a[j] + g * theta[j];
    }
  }
  return s / n;
}

template <int P, bool Overwrite>
double matched_pass_d(const float* x, int n, int d, const float* theta, const float* t, float* acc) {
  if (d == 2) return matched_pass<P, 2, Overwrite>(x, n, d, theta, t, acc);
  if (d == 3) return matched_pass<P, 3, Overwrite>(x, n, d, theta, t, acc);
  return matched_pass<P, 0, Overwrite>(x, n, d, theta, t, acc);
}

template <int P>
double matched_pass_mode(const float* x, int n, int d, const float* theta, const float* t, float* acc,
                         Accumulate mode) {
  return mode == Accumulate::Overwrite ? matched_pass_d<P, true>(x, n, d, theta, t, acc)
                                       : matched_pass_d<P, false>(x, n, d, theta, t, acc);
}

double matched(const SlicedProblem& pr, const float* theta, DirectionWorkspace& w, float* acc, Accumulate mode) {
  const Points& X = *pr.X;
  const Points& Y = *pr.Y;
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  const SortPayload x_payload = acc ? SortPayload::Index : SortPayload::Value;
  const std::uint64_t* sx = w.sort_x.sort(X.data(), n, d, theta, pr.bounds_x, x_payload);
  const std::uint64_t* sy = w.sort_y.sort(Y.data(), n, d, theta, pr.bounds_y, SortPayload::Value);
  if (!acc) {
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (int k = 0; k < n; ++k) s += cost_pow(double(item_value(sx[k])) - item_value(sy[k]), pr.p);
    return s / n;
  }
  grow(w.matched, std::size_t(n));
  float* t = w.matched.data();
  for (int k = 0; k < n; ++k) t[item_index(sx[k])] = item_value(sy[k]);
  return pr.p == 2 ? matched_pass_mode<2>(X.data(), n, d, theta, t, acc, mode)
                   : matched_pass_mode<1>(X.data(), n, d, theta, t, acc, mode);
}

// Sorted values (and indices when `order` is not null) of one cloud.
void sorted_cloud(const Points& P, const CloudBounds& bounds, const float* theta, ProjectionSorter& sorter,
                  std::vector<float>& values, std::vector<std::uint32_t>* order) {
  const int n = static_cast<int>(P.rows()), d = static_cast<int>(P.cols());
  const SortPayload payload = order ? SortPayload::Index : SortPayload::Value;
  const std::uint64_t* s = sorter.sort(P.data(), n, d, theta, bounds, payload);
  grow(values, std::size_t(n));
  for (int k = 0; k < n; ++k) values[k] = ProjectionSorter::value_of(s[k], payload, P.data(), d, theta);
  if (order) {
    grow(*order, std::size_t(n));
    for (int k = 0; k < n; ++k) (*order)[k] = item_index(s[k]);
  }
}

double merged(const SlicedProblem& pr, const float* theta, DirectionWorkspace& w, float* acc, Accumulate mode,
              float* theta_grad) {
  const Points& X = *pr.X;
  const Points& Y = *pr.Y;
  const int n = static_cast<int>(X.rows()), m = static_cast<int>(Y.rows()), d = static_cast<int>(X.cols());
  const bool x_weighted = !pr.wx->empty(), y_weighted = !pr.wy->empty();
  // Original indices: for weights, and to send gradients back to their points.
  const bool x_index = x_weighted || acc || theta_grad;
  const bool y_index = y_weighted || theta_grad;
  sorted_cloud(X, pr.bounds_x, theta, w.sort_x, w.xs, x_index ? &w.ox : nullptr);
  sorted_cloud(Y, pr.bounds_y, theta, w.sort_y, w.ys, y_index ? &w.oy : nullptr);
  const bool want_cx = acc || theta_grad;
  if (want_cx) grow(w.cx, std::size_t(n));
  if (theta_grad) grow(w.cy, std::size_t(m));
  const double cost = transport_1d_sorted(w.xs.data(), x_index ? w.ox.data() : nullptr,
                                          x_weighted ? pr.wx->data() : nullptr, n, w.ys.data(),
                                          y_index ? w.oy.data() : nullptr, y_weighted ? pr.wy->data() : nullptr, m,
                                          pr.p, want_cx ? w.cx.data() : nullptr, theta_grad ? w.cy.data() : nullptr,
                                          nullptr);
  if (acc) {
    const std::uint32_t* order = w.ox.data();
    const float* cx = w.cx.data();
    const bool overwrite = mode == Accumulate::Overwrite;  // every point is written once: order is a permutation
    for (int k = 0; k < n; ++k) {
      float* a = acc + std::size_t(order[k]) * d;
      for (int j = 0; j < d; ++j) a[j] = overwrite ? cx[k] * theta[j] : a[j] + cx[k] * theta[j];
    }
  }
  if (theta_grad) {
    // d W / d theta = sum_k dW/dxs_k x_(k) + sum_k dW/dys_k y_(k).
    grow(w.gd, std::size_t(d));
    double* g = w.gd.data();
    std::fill(g, g + d, 0.0);
    const float* x = X.data();
    const float* y = Y.data();
    for (int k = 0; k < n; ++k) {
      const float* row = x + std::size_t(w.ox[k]) * d;
      for (int j = 0; j < d; ++j) g[j] += double(w.cx[k]) * row[j];
    }
    for (int k = 0; k < m; ++k) {
      const float* row = y + std::size_t(w.oy[k]) * d;
      for (int j = 0; j < d; ++j) g[j] += double(w.cy[k]) * row[j];
    }
    for (int j = 0; j < d; ++j) theta_grad[j] = static_cast<float>(g[j]);
  }
  return cost;
}

}  // namespace

double direction_cost(const SlicedProblem& problem, const float* theta, DirectionWorkspace& w, float* acc,
                      Accumulate mode, float* theta_grad) {
  const bool uniform = problem.wx->empty() && problem.wy->empty();
  if (uniform && problem.X->rows() == problem.Y->rows() && !theta_grad) return matched(problem, theta, w, acc, mode);
  return merged(problem, theta, w, acc, mode, theta_grad);
}

}  // namespace monge
