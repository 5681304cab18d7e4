#pragma once
// Per-element math of the entropic solvers: ground costs, a vectorisable exp and the
// log-sum-exp accumulation. MONGE_HD so that a later CUDA backend calls the very functions the
// CPU tests cover.
#include <bit>
#include <cmath>
#include <cstdint>

#include "solvers/common/hd.hpp"

namespace monge::entropic {

// Ground cost C(x, y) between two points. kind 0: |x−y|², 1: |x−y|, 2: |x−y|^p.
// x, y  d coordinates each.
MONGE_HD double ground_cost(const float* x, const float* y, int d, int kind, double p) {
  double s = 0.0;
  for (int k = 0; k < d; ++k) {
    const double t = static_cast<double>(x[k]) - static_cast<double>(y[k]);
    s += t * t;
  }
  if (kind == 0) return s;
  if (kind == 1) return std::sqrt(s);
  return std::pow(s, 0.5 * p);
}

// exp(x) to about 2 ulp for x in [−708, 709], clamped outside, written without branches or
// library calls so that the compiler vectorises the log-sum-exp loops (std::exp does not).
// Cody–Waite range reduction x = k ln2 + r, |r| ≤ ln2/2, then a degree-12 Taylor polynomial.
MONGE_HD double fast_exp(double x) {
  x = x < -708.0 ? -708.0 : x;
  x = x > 709.0 ? 709.0 : x;
  // Rounding by the 1.5·2^52 trick keeps k integral without a (non-vectorisable) lround.
  const double shifter = 6755399441055744.0;
  const double shifted = x * 1.4426950408889634 + shifter;
  const double kf = shifted - shifter;
  const double r = (x - kf * 0.693147180369123816490) - kf * 1.90821492927058770002e-10;
  double q = 1.0 / 479001600.0;
  q = q * r + 1.0 / 39916800.0;
  q = q * r + 1.0 / 3628800.0;
  q = q * r + 1.0 / 362880.0;
  q = q * r + 1.0 / 40320.0;
  q = q * r + 1.0 / 5040.0;
  q = q * r + 1.0 / 720.0;
  q = q * r + 1.0 / 120.0;
  q = q * r + 1.0 / 24.0;
  q = q * r + 1.0 / 6.0;
  q = q * r + 0.5;
  q = q * r + 1.0;
  q = q * r + 1.0;
  // 2^k from its exponent bits; k in [−1022, 1023] after the clamps. k is read from the low
  // bits of `shifted` by an integer subtraction (no float-to-int conversion, which SSE2 lacks
  // for 64-bit lanes and which would stop the vectoriser).
  const std::int64_t k = std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(shifter);
  const std::int64_t bits = (k + 1023) << 52;
  return q * std::bit_cast<double>(bits);
}

}  // namespace monge::entropic
