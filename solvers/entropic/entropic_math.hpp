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
MONGE_HD double fast_exp(double x_in) {
  // Clamps as selects into fresh variables: GCC 12 does not if-convert a select that
  // overwrites its own operand, and the loop calling this would then not vectorise.
  const double lo = x_in < -708.0 ? -708.0 : x_in;
  const double x = lo > 709.0 ? 709.0 : lo;
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

// Single-precision exp to about 1e-7 relative for x in [−87, 88]; exactly 0 below −87.3 (where
// float would go denormal), so a stored float kernel underflows cleanly. Same scheme as fast_exp:
// x = k ln2 + r with ln2 split in two floats (Cody–Waite), degree-7 Taylor polynomial
// (|r| ≤ ln2/2: truncation below 1e-8), 2^k from the exponent bits. Vectorises with SSE2.
MONGE_HD float fast_expf(float x) {
  const float lo = x < -87.0f ? -87.0f : x;  // fresh variables: see fast_exp
  const float xc = lo > 88.0f ? 88.0f : lo;
  const float shifter = 12582912.0f;  // 1.5·2^23: adding it rounds to an integer in the low bits
  const float shifted = xc * 1.44269504f + shifter;
  const float kf = shifted - shifter;
  const float r = (xc - kf * 0.693359375f) + kf * 2.12194440e-4f;  // ln2 = 0.693359375 − 2.1219444e-4
  float q = 1.0f / 5040.0f;
  q = q * r + 1.0f / 720.0f;
  q = q * r + 1.0f / 120.0f;
  q = q * r + 1.0f / 24.0f;
  q = q * r + 1.0f / 6.0f;
  q = q * r + 0.5f;
  q = q * r + 1.0f;
  q = q * r + 1.0f;
  const std::int32_t k = std::bit_cast<std::int32_t>(shifted) - std::bit_cast<std::int32_t>(shifter);
  const float scale = std::bit_cast<float>((k + 127) << 23);
  return x < -87.0f ? 0.0f : q * scale;
}

}  // namespace monge::entropic
