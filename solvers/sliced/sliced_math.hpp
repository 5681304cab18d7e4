#pragma once
// Per-element math of the sliced-Wasserstein engine: projection of a point on a direction, the
// |.|^p cost and its derivative, and the 1D optimal transport between two sorted weighted
// measures through their quantile functions. MONGE_HD inline functions, so a CUDA backend calls
// the very code the CPU tests cover.
#include <cmath>
#include <cstdint>

#include "solvers/common/hd.hpp"

namespace monge {

// <x, theta> for one point (x, theta  d >= 1 floats) as the CPU engine sorts it: left to right,
// ((x_0 t_0 + x_1 t_1) + x_2 t_2) + ..., every product and sum rounded on its own (mul_rn/add_rn:
// no fused multiply-add on the GPU), and -0 made +0. So the GPU's projections equal the CPU's
// (project2, project3, project_any, plus 0.0f) bit for bit and sort in the same order.
MONGE_HD float project_point(const float* x, const float* theta, int d) {
  float s = mul_rn(x[0], theta[0]);
  for (int j = 1; j < d; ++j) s = add_rn(s, mul_rn(x[j], theta[j]));
  return add_rn(s, 0.0f);
}

// |v|^p for p in {1, 2}.
MONGE_HD double cost_pow(double v, int p) { return p == 1 ? std::fabs(v) : v * v; }
// d/dv |v|^p for p in {1, 2} (sign(0) = 0 for p = 1).
MONGE_HD double cost_pow_derivative(double v, int p) {
  return p == 1 ? (v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0)) : 2.0 * v;
}

// 1D optimal transport W_p^p between mu = sum_k a_k delta(xs_k) and nu = sum_k b_k delta(ys_k),
// both given by their sorted support, i.e. the integral over t in (0, 1) of
// |F_mu^-1(t) - F_nu^-1(t)|^p, computed by merging the two step quantile functions.
//
//   xs      n sorted projected source values (ascending)
//   x_order n original indices of the sorted source values (used only when x_weights != null)
//   x_weights  N source probabilities in original order (summing to 1), or null for 1/n
//   ys, y_order, y_weights: the same for the m target values
//   x_coef  optional n outputs: dW_p^p / d xs_k, the derivative with respect to the k-th sorted
//           source value (the gradient of a point is x_coef * theta)
//   y_coef  optional m outputs: dW_p^p / d ys_k
//   x_target optional n outputs: the barycentre of the target mass matched to xs_k, i.e. the
//           mean of F_nu^-1 over xs_k's quantile interval (the 1D transport map of the flow)
//
// The last source and target atoms close their cumulative sums at exactly 1, so rounding in the
// weights never leaves mass unmatched.
MONGE_HD double transport_1d_sorted(const float* xs, const std::uint32_t* x_order,
                                    const double* x_weights, int n, const float* ys,
                                    const std::uint32_t* y_order, const double* y_weights, int m,
                                    int p, float* x_coef, float* y_coef, float* x_target) {
  const double inv_n = 1.0 / n, inv_m = 1.0 / m;
  auto wx = [&](int k) { return x_weights ? x_weights[x_order[k]] : inv_n; };
  auto wy = [&](int k) { return y_weights ? y_weights[y_order[k]] : inv_m; };
  if (!x_weights && !y_weights && n == m) {
    // Equal uniform measures: the k-th smallest goes to the k-th smallest.
    double total = 0.0;
    for (int k = 0; k < n; ++k) {
      const double xv = xs[k], yv = ys[k];
      const double diff = xv - yv;
      total += cost_pow(diff, p);
      if (x_coef) x_coef[k] = static_cast<float>(cost_pow_derivative(diff, p) * inv_n);
      if (y_coef) y_coef[k] = static_cast<float>(-cost_pow_derivative(diff, p) * inv_n);
      if (x_target) x_target[k] = static_cast<float>(yv);
    }
    return total * inv_n;
  }
  int i = 0, j = 0;
  double t = 0.0;
  double ca = n == 1 ? 1.0 : wx(0), cb = m == 1 ? 1.0 : wy(0);
  double total = 0.0, gx = 0.0, gy = 0.0, bary = 0.0, mass_x = 0.0;
  double xv = xs[0], yv = ys[0];
  for (;;) {
    const bool advance_x = ca <= cb, advance_y = cb <= ca;
    const double hi = advance_x ? ca : cb;
    const double s = hi > t ? hi - t : 0.0;  // mass of this segment
    const double diff = xv - yv;
    total += s * cost_pow(diff, p);
    const double g = s * cost_pow_derivative(diff, p);
    gx += g;
    gy -= g;
    bary += s * yv;
    mass_x += s;
    t = hi;
    if (advance_x) {
      if (x_coef) x_coef[i] = static_cast<float>(gx);
      if (x_target) x_target[i] = static_cast<float>(mass_x > 0 ? bary / mass_x : yv);
      gx = bary = mass_x = 0.0;
      if (++i == n) {
        // Source exhausted: close the current target atom; any later ones (possible only
        // through rounding) received no mass.
        if (y_coef) {
          y_coef[j] = static_cast<float>(gy);
          for (int k = j + 1; k < m; ++k) y_coef[k] = 0.0f;
        }
        return total;
      }
      xv = xs[i];
      ca = i == n - 1 ? 1.0 : ca + wx(i);
    }
    if (advance_y) {
      if (y_coef) y_coef[j] = static_cast<float>(gy);
      gy = 0.0;
      if (++j == m) {
        // Target exhausted first (rounding only): the rest of the source matched no mass.
        for (int k = i; k < n; ++k) {
          if (x_coef) x_coef[k] = static_cast<float>(k == i ? gx : 0.0);
          if (x_target) x_target[k] = static_cast<float>(k == i && mass_x > 0 ? bary / mass_x : yv);
        }
        return total;
      }
      yv = ys[j];
      cb = j == m - 1 ? 1.0 : cb + wy(j);
    }
  }
}

// The k-th of n uniform source atoms (sorted value xk) against m uniform sorted target values ys:
// the part of W_p^p carried by xk's quantile interval [k/n, (k+1)/n), i.e. the sum over the
// target atoms j it overlaps of overlap_j |xk - ys_j|^p. Writes its derivative with respect to xk
// to *coef and the barycentre of the matched target values to *target. The overlaps are computed in
// integers (units of 1/(n m)), so they are exact, and each source atom is independent of the
// others: a GPU thread per atom gives what transport_1d_sorted gives for uniform weights.
MONGE_HD double uniform_quantile_match(int k, int n, float xk, const float* ys, int m, int p, float* coef,
                                       float* target) {
  const long long lo = static_cast<long long>(k) * m, hi = lo + m;  // [k/n, (k+1)/n) times n m
  const double unit = 1.0 / (static_cast<double>(n) * m);
  double cost = 0.0, deriv = 0.0, bary = 0.0;
  for (long long j = lo / n; j < m && j * n < hi; ++j) {
    const long long a = j * n > lo ? j * n : lo;
    const long long b = (j + 1) * n < hi ? (j + 1) * n : hi;
    const double s = static_cast<double>(b - a) * unit;
    const double diff = static_cast<double>(xk) - ys[j];
    cost += s * cost_pow(diff, p);
    deriv += s * cost_pow_derivative(diff, p);
    bary += s * ys[j];
  }
  if (coef) *coef = static_cast<float>(deriv);
  if (target) *target = static_cast<float>(bary * n);
  return cost;
}

}  // namespace monge
