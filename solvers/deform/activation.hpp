#pragma once
// The MLP's activations and their derivatives, one float at a time, compiled for the CPU
// (mlp_field.cpp) and for the GPU (solvers/cuda/mlp_device.cu), so that the CPU tests
// (tests/pure/test_deform_activation.cpp) cover the very functions the kernels call.
//
// Why not std::tanh / std::exp: MlpField used Eigen's vectorised array functions. These are Eigen
// 3.4's float algorithms written out for one lane of its SSE packets (the project's baseline
// build: no FMA): the rational tanh (generic_fast_tanh_float), the rational logistic
// (scalar_logistic_op<float>), the Cephes exp (pexp_float, pldexp_generic) and log
// (plog_impl_float) and Kahan's log1p (generic_plog1p). The test checks them bit for bit against
// Eigen's array expressions over a sweep of inputs, all but tanh, which the MLP kernels evaluate
// 192 times per point and field evaluation: its Horner steps are fused multiply-adds (Eigen's
// FMA form) and its final division p / q is a reciprocal by Newton's method (reciprocal() below):
// a vector division cost the kernels a fifth of their time (one port, 10+ cycles) where six
// fused multiply-adds on two ports cost three cycles.
//
// Multiplications and additions go through mul/madd: on the GPU they are __fmul_rn/__fadd_rn,
// which nvcc never fuses into an FMA, so a kernel gets the same bits as the CPU; fma is one
// rounding on both (std::fma, __fmaf_rn); division is IEEE round-to-nearest on both (nvcc's
// default -prec-div=true). The vectorised kernels of mlp_kernels.hpp repeat these operations
// lane by lane and are checked bit for bit against them.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "solvers/common/hd.hpp"

namespace monge::deform {

enum class Activation { Tanh, Softplus, SiLU };

namespace act {

MONGE_HD float mul(float a, float b) { return mul_rn(a, b); }
MONGE_HD float add(float a, float b) { return add_rn(a, b); }
// a * b + c, rounded twice (Eigen's pmadd without FMA).
MONGE_HD float madd(float a, float b, float c) { return add(mul(a, b), c); }
// a * b + c, rounded once.
MONGE_HD float fma(float a, float b, float c) {
#if defined(__CUDA_ARCH__)
  return __fmaf_rn(a, b, c);
#else
  return std::fma(a, b, c);
#endif
}

MONGE_HD std::uint32_t to_bits(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
MONGE_HD float from_bits(std::uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
// c ? a : b by bit masks (Eigen's pselect), with both values already computed: g++ keeps a
// ternary on floats as a branch (FP exceptions, -ftrapping-math), which stops vectorisation.
MONGE_HD float select(bool c, float a, float b) {
  const std::uint32_t m = 0u - static_cast<std::uint32_t>(c);
  return from_bits((to_bits(a) & m) | (to_bits(b) & ~m));
}
MONGE_HD float min(float a, float b) { return select(b < a, b, a); }
MONGE_HD float max(float a, float b) { return select(a < b, b, a); }
// |x| by clearing the sign bit (Eigen's pabs).
MONGE_HD float abs(float x) { return from_bits(to_bits(x) & 0x7fffffffu); }
MONGE_HD float infinity() { return from_bits(0x7f800000u); }

// 2^e for -127 < e < 128 built from its exponent bits (exact, no libm call).
MONGE_HD float pow2(int e) { return from_bits(static_cast<std::uint32_t>(e + 127) << 23); }

// y * 2^e with e an integer-valued float, in four exact factors (pldexp_generic): no intermediate
// overflow for |e| <= 278.
MONGE_HD float ldexp(float y, float e) {
  const int ei = static_cast<int>(min(max(e, -278.0f), 278.0f));
  const int b = ei >> 2;  // floor(e / 4)
  const float c = pow2(b);
  return mul(mul(mul(mul(y, c), c), c), pow2(ei - 3 * b));
}

// floor for |x| < 2^31 (the exponent's argument is clamped far below that).
MONGE_HD float floor(float x) {
  const float t = static_cast<float>(static_cast<int>(x));
  return t - select(t > x, 1.0f, 0.0f);
}

// e^x, Cephes polynomial on x = m ln2 + r (Eigen's pexp_float).
MONGE_HD float exp(float x0) {
  const float x = max(min(x0, 88.723f), -88.723f);
  const float m = floor(madd(x, 1.44269504088896341f, 0.5f));
  float r = madd(m, -0.693359375f, x);
  r = madd(m, 2.12194440e-4f, r);
  const float r2 = mul(r, r), r3 = mul(r2, r);
  float y = madd(1.9875691500e-4f, r, 1.3981999507e-3f);
  float y1 = madd(4.1665795894e-2f, r, 1.6666665459e-1f);
  const float y2 = add(r, 1.0f);
  y = madd(y, r, 8.3334519073e-3f);
  y1 = madd(y1, r, 5.0000001201e-1f);
  y = madd(y, r3, y1);
  y = madd(y, r2, y2);
  return max(ldexp(y, m), x0);
}

// Natural logarithm, Cephes polynomial on the mantissa in [sqrt(1/2), sqrt(2)) (plog_impl_float).
MONGE_HD float log(float x0) {
  const float x1 = max(x0, from_bits(0x00800000u));  // denormals count as the smallest normal
  // frexp: x1 = m 2^e with m in [0.5, 1).
  const std::uint32_t bits = to_bits(x1);
  float e = static_cast<float>(static_cast<int>(bits >> 23) - 126);
  const float m = from_bits((bits & 0x807fffffu) | to_bits(0.5f));
  const bool low = m < 0.707106781186547524f;
  float x = add(m, -1.0f);
  e = add(e, select(low, -1.0f, -0.0f));
  x = add(x, select(low, m, 0.0f));
  const float x2 = mul(x, x), x3 = mul(x2, x);
  float y = madd(7.0376836292e-2f, x, -1.1514610310e-1f);
  float y1 = madd(-1.2420140846e-1f, x, +1.4249322787e-1f);
  float y2 = madd(+2.0000714765e-1f, x, -2.4999993993e-1f);
  y = madd(y, x, 1.1676998740e-1f);
  y1 = madd(y1, x, -1.6668057665e-1f);
  y2 = madd(y2, x, +3.3333331174e-1f);
  y = madd(y, x3, y1);
  y = madd(y, x3, y2);
  y = mul(y, x3);
  y = madd(-0.5f, x2, y);
  x = add(x, y);
  x = madd(e, 0.693147180559945309f, x);
  // Selects rather than early returns keep the CPU loops vectorisable.
  x = select(x0 == infinity(), x0, x);
  x = select(x0 >= 0.0f, x, from_bits(0x7fc00000u));  // negative or NaN: NaN
  return select(x0 == 0.0f, -infinity(), x);
}

// log(1 + x) by Kahan's formula (generic_plog1p).
MONGE_HD float log1p(float x) {
  const float u = add(x, 1.0f);
  const float log_u = log(u);
  const float large = mul(x, log_u / add(u, -1.0f));
  return select(u == 1.0f || u == log_u, x, large);  // tiny x, or u = +inf
}

// 1 / q for a positive normal q: the bit-level seed 0x7ef311c3 - bits(q) (relative error below
// 12%) and three Newton steps r <- r + r (1 - q r), each squaring the error (1.4e-2, 2e-4, 4e-8):
// within about one ulp of 1 / q, the same bits wherever fma is one rounding.
MONGE_HD float reciprocal(float q) {
  float r = from_bits(0x7ef311c3u - to_bits(q));
  for (int k = 0; k < 3; ++k) r = fma(r, fma(-q, r, 1.0f), r);
  return r;
}

// tanh, odd rational approximation on [-7.905, 7.905] (Eigen's generic_fast_tanh_float, in its
// FMA form: each Horner step one fma), the quotient p / q as p * reciprocal(q) (q in [4.9e-3, 1.1]).
MONGE_HD float tanh(float z) {
  const float x = max(min(z, 7.90531110763549805f), -7.90531110763549805f);
  const float x2 = mul(x, x);
  float p = fma(x2, -2.76076847742355e-16f, 2.00018790482477e-13f);
  p = fma(x2, p, -8.60467152213735e-11f);
  p = fma(x2, p, 5.12229709037114e-08f);
  p = fma(x2, p, 1.48572235717979e-05f);
  p = fma(x2, p, 6.37261928875436e-04f);
  p = fma(x2, p, 4.89352455891786e-03f);
  p = mul(x, p);
  float q = fma(x2, 1.19825839466702e-06f, 1.18534705686654e-04f);
  q = fma(x2, q, 2.26843463243900e-03f);
  q = fma(x2, q, 4.89352518554385e-03f);
  const float r = mul(p, reciprocal(q));
  return select(abs(z) < 0.0004f, x, r);
}

// 1 / (1 + e^-z): exp(z) below -9, else a rational approximation (scalar_logistic_op<float>).
MONGE_HD float logistic(float z) {
  const float x = min(z, 15.6437711715698242f);
  const float x2 = mul(x, x);
  float p = madd(x2, 4.37031012579801e-11f, 1.15627324459942e-07f);
  p = madd(x2, p, 6.08574864600143e-05f);
  p = madd(x2, p, 8.51377133304701e-03f);
  p = madd(x2, p, 2.48287947061529e-01f);
  p = mul(x, p);
  float q = madd(x2, 6.10247389755681e-13f, 5.76102136993427e-09f);
  q = madd(x2, q, 6.29106785017040e-06f);
  q = madd(x2, q, 1.70198817374094e-03f);
  q = madd(x2, q, 1.16817656904453e-01f);
  q = madd(x2, q, 9.93151921023180e-01f);
  const float rational = add(p / q, 0.5f);
  // Both branches, then a select, so that the CPU loops vectorise (same value as a branch).
  const float exponential = exp(z);
  return select(z < -9.0f, exponential, rational);
}

// log(1 + e^z) = max(z, 0) + log1p(e^-|z|): neither overflows nor loses small values.
MONGE_HD float softplus(float z) { return add(max(z, 0.0f), log1p(exp(-abs(z)))); }

MONGE_HD float silu(float z) { return mul(z, logistic(z)); }

// d/dz z s(z) = s (1 + z (1 - s)). MlpField has always taken s from the library exp here (not
// from logistic()), and keeps doing so; the GPU uses CUDA's expf (within 2 ulp of it).
MONGE_HD float silu_derivative(float z) {
#if defined(__CUDA_ARCH__)
  const float e = expf(-z);
#else
  const float e = std::exp(-z);
#endif
  const float s = 1.0f / add(1.0f, e);
  return mul(s, add(1.0f, mul(z, add(1.0f, -s))));
}

}  // namespace act

// a = activation(z), for a hidden unit.
template <Activation A>
MONGE_HD float activate(float z) {
  if constexpr (A == Activation::Tanh) return act::tanh(z);
  else if constexpr (A == Activation::Softplus) return act::softplus(z);
  else return act::silu(z);
}

// activation'(z), given a = activation(z) as well (tanh' = 1 - a^2 needs only a).
template <Activation A>
MONGE_HD float activation_derivative(float z, float a) {
  if constexpr (A == Activation::Tanh) return act::add(1.0f, -act::mul(a, a));
  else if constexpr (A == Activation::Softplus) return act::logistic(z);
  else return act::silu_derivative(z);
}

MONGE_HD float activate(Activation activation, float z) {
  switch (activation) {
    case Activation::Tanh: return activate<Activation::Tanh>(z);
    case Activation::Softplus: return activate<Activation::Softplus>(z);
    default: return activate<Activation::SiLU>(z);
  }
}

MONGE_HD float activation_derivative(Activation activation, float z, float a) {
  switch (activation) {
    case Activation::Tanh: return activation_derivative<Activation::Tanh>(z, a);
    case Activation::Softplus: return activation_derivative<Activation::Softplus>(z, a);
    default: return activation_derivative<Activation::SiLU>(z, a);
  }
}

}  // namespace monge::deform
