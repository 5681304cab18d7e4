#pragma once
// Per-element math of the entropic solvers: ground costs, a vectorisable exp and the
// log-sum-exp accumulation. MONGE_HD so that a later CUDA backend calls the very functions the
// CPU tests cover.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "solvers/common/hd.hpp"

namespace monge::entropic {

// |x − y|² in the caller's precision (x, y: d coordinates each). Called with a constant d, the
// loop unrolls (the CUDA kernels keep x_i in registers for d = 2, 3).
template <class Real>
MONGE_HD Real squared_distance(const float* x, const float* y, int d) {
  Real s = 0;
  for (int k = 0; k < d; ++k) {
    const Real t = static_cast<Real>(x[k]) - static_cast<Real>(y[k]);
    s += t * t;
  }
  return s;
}

// Ground cost C(x, y) between two points. kind 0: |x−y|², 1: |x−y|, 2: |x−y|^p.
// x, y  d coordinates each.
MONGE_HD double ground_cost(const float* x, const float* y, int d, int kind, double p) {
  const double s = squared_distance<double>(x, y, d);
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

// The same exps by precision, for code templated on it (the CUDA softmin kernels).
MONGE_HD double fast_exp_of(double x) { return fast_exp(x); }
MONGE_HD float fast_exp_of(float x) { return fast_expf(x); }

// Ground cost from the squared distance s (kinds as in ground_cost), in the caller's precision.
template <class Real>
MONGE_HD Real cost_from_squared(Real s, int kind, Real p) {
  if (kind == 0) return s;
  if (kind == 1) return std::sqrt(s);
  return std::pow(s, Real(0.5) * p);
}

// Online log-sum-exp (one pass, as in Milakov & Gimelshein 2018): after pushing t_1..t_k,
// mx = max t and s = sum exp(t_j - mx), so log sum exp(t_j) = mx + log s. The GPU kernels stream
// a row's terms tile by tile and cannot look ahead for the max (the CPU's two-pass loops can).
// One exp per term: the new term is either below the max (weight exp(t - mx), old sums kept) or
// becomes it (weight 1, old sums scaled by exp(mx - t)). Any weighted sum sum_j exp(t_j - mx) v_j
// kept alongside follows the same rule: S = S * scale + weight * v.
template <class Real>
struct OnlineLse {
  Real mx = std::numeric_limits<Real>::lowest();  // finite: t - mx stays a number for t = -inf
  Real s = 0;

  // Returns true when t became the new max (the caller's argmax moves to this term).
  MONGE_HD bool push(Real t, Real& scale, Real& weight) {
    const bool up = t > mx;
    const Real e = fast_exp_of(up ? mx - t : t - mx);
    scale = up ? e : Real(1);
    weight = up ? Real(1) : e;
    s = s * scale + weight;
    mx = up ? t : mx;
    return up;
  }
  MONGE_HD void push(Real t) {
    Real scale, weight;
    push(t, scale, weight);
  }
  // log sum_j exp(t_j) over the terms pushed (at least one).
  MONGE_HD double log_sum() const { return static_cast<double>(mx) + std::log(static_cast<double>(s)); }
};

// Row i of the online softmin with the plan moments the divergence gradient and the plan summary
// need. With t_j = base_j - C_ij/eps and pi_ij = exp(t_j) / sum_k exp(t_k) (the plan row up to its
// mass), it keeps sum_j pi_ij C_ij, sum_j pi_ij h_j and sum_j pi_ij y_j (coordinates c0..c0+dc-1,
// dc <= 4, of y_j), unnormalised, and the first index of the largest term (the row's heaviest
// plan entry). Double precision: these feed the reported cost and the gradient.
struct PlanRowMoments {
  static constexpr int kMaxCoords = 4;
  OnlineLse<double> lse;
  double cost = 0, h = 0, y[kMaxCoords] = {0, 0, 0, 0};
  int argmax = -1;

  MONGE_HD void push(int j, double t, double c, double hj, const float* yj, int dc) {
    double scale, weight;
    if (lse.push(t, scale, weight)) argmax = j;
    cost = cost * scale + weight * c;
    h = h * scale + weight * hj;
    for (int q = 0; q < dc; ++q) y[q] = y[q] * scale + weight * static_cast<double>(yj[q]);
  }
  // The normalised moments: divide by the row's sum.
  MONGE_HD double mean_cost() const { return cost / lse.s; }
  MONGE_HD double mean_h() const { return h / lse.s; }
  MONGE_HD double mean_y(int q) const { return y[q] / lse.s; }
};

}  // namespace monge::entropic
