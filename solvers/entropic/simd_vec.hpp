#pragma once
// Internal to solvers/entropic: fixed-width vectors (GCC vector extensions) and the vector exp2
// of the tiled log-sum-exp kernels (block_kernel_impl.hpp).
//
// Everything here has internal linkage (an unnamed namespace): block_kernel_{sse2,avx2,avx512}.cpp
// compile these templates under different `#pragma GCC target`s, and a shared (comdat) inline
// definition could otherwise be merged across them by the linker, running AVX-512 code where the
// CPU has none. Bytes is the vector width: 16 (SSE2), 32 (AVX2), 64 (AVX-512).
// In C++, GCC's target pragma does not define __AVX2__/__AVX512F__ (the file is lexed before the
// pragma applies), so the AVX2 and AVX-512 copies say what they are with MONGE_SIMD_AVX2 and
// MONGE_SIMD_AVX512 before including this header; the intrinsics below are used only then.
#include <cstdint>
#include <cstring>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace monge::entropic::simd {
namespace {

template <class Real, int Bytes>
struct Vec;
template <int Bytes>
struct Vec<float, Bytes> {
  typedef float type __attribute__((vector_size(Bytes)));
  typedef std::int32_t bits __attribute__((vector_size(Bytes)));
  static constexpr int lanes = Bytes / 4;
};
template <int Bytes>
struct Vec<double, Bytes> {
  typedef double type __attribute__((vector_size(Bytes)));
  typedef std::int64_t bits __attribute__((vector_size(Bytes)));
  static constexpr int lanes = Bytes / 8;
};

template <class Real, int Bytes>
using V = typename Vec<Real, Bytes>::type;

template <class Real, int Bytes>
inline V<Real, Bytes> splat(Real x) {
  return V<Real, Bytes>{} + x;
}

// Unaligned loads and stores (memcpy compiles to one vmovups).
template <class Real, int Bytes>
inline V<Real, Bytes> load(const Real* p) {
  V<Real, Bytes> v;
  std::memcpy(&v, p, Bytes);
  return v;
}
template <class Real, int Bytes>
inline void store(Real* p, V<Real, Bytes> v) {
  std::memcpy(p, &v, Bytes);
}

// Sum of the lanes in a fixed order (pairwise halves), the same on every run.
template <class Real, int Bytes>
inline double hsum(V<Real, Bytes> v) {
  constexpr int n = Vec<Real, Bytes>::lanes;
  double t[n];
  for (int l = 0; l < n; ++l) t[l] = static_cast<double>(v[l]);
  for (int w = n / 2; w >= 1; w /= 2)
    for (int l = 0; l < w; ++l) t[l] += t[l + w];
  return t[0];
}

template <class Real, int Bytes>
inline Real hmax(V<Real, Bytes> v) {
  Real m = v[0];
  for (int l = 1; l < Vec<Real, Bytes>::lanes; ++l) m = v[l] > m ? v[l] : m;
  return m;
}

// Lane-wise a > b ? a : b and a < b ? a : b. GCC keeps such selects as compare-and-blend (two
// instructions: it may not assume no NaN); the max/min instructions have exactly these semantics.
template <class Real, int Bytes>
inline V<Real, Bytes> vmax(V<Real, Bytes> a, V<Real, Bytes> b) {
#if defined(__x86_64__)
  if constexpr (sizeof(Real) == 4) {
#if defined(MONGE_SIMD_AVX512)
    if constexpr (Bytes == 64) return reinterpret_cast<V<Real, Bytes>>(_mm512_max_ps(reinterpret_cast<__m512>(a), reinterpret_cast<__m512>(b)));
#endif
#if defined(MONGE_SIMD_AVX512) || defined(MONGE_SIMD_AVX2)
    if constexpr (Bytes == 32) return reinterpret_cast<V<Real, Bytes>>(_mm256_max_ps(reinterpret_cast<__m256>(a), reinterpret_cast<__m256>(b)));
#endif
    if constexpr (Bytes == 16) return reinterpret_cast<V<Real, Bytes>>(_mm_max_ps(reinterpret_cast<__m128>(a), reinterpret_cast<__m128>(b)));
  } else {
#if defined(MONGE_SIMD_AVX512)
    if constexpr (Bytes == 64) return reinterpret_cast<V<Real, Bytes>>(_mm512_max_pd(reinterpret_cast<__m512d>(a), reinterpret_cast<__m512d>(b)));
#endif
#if defined(MONGE_SIMD_AVX512) || defined(MONGE_SIMD_AVX2)
    if constexpr (Bytes == 32) return reinterpret_cast<V<Real, Bytes>>(_mm256_max_pd(reinterpret_cast<__m256d>(a), reinterpret_cast<__m256d>(b)));
#endif
    if constexpr (Bytes == 16) return reinterpret_cast<V<Real, Bytes>>(_mm_max_pd(reinterpret_cast<__m128d>(a), reinterpret_cast<__m128d>(b)));
  }
#endif
  return a > b ? a : b;
}
template <class Real, int Bytes>
inline V<Real, Bytes> vmin(V<Real, Bytes> a, V<Real, Bytes> b) {
#if defined(__x86_64__)
  if constexpr (sizeof(Real) == 4) {
#if defined(MONGE_SIMD_AVX512)
    if constexpr (Bytes == 64) return reinterpret_cast<V<Real, Bytes>>(_mm512_min_ps(reinterpret_cast<__m512>(a), reinterpret_cast<__m512>(b)));
#endif
#if defined(MONGE_SIMD_AVX512) || defined(MONGE_SIMD_AVX2)
    if constexpr (Bytes == 32) return reinterpret_cast<V<Real, Bytes>>(_mm256_min_ps(reinterpret_cast<__m256>(a), reinterpret_cast<__m256>(b)));
#endif
    if constexpr (Bytes == 16) return reinterpret_cast<V<Real, Bytes>>(_mm_min_ps(reinterpret_cast<__m128>(a), reinterpret_cast<__m128>(b)));
  } else {
#if defined(MONGE_SIMD_AVX512)
    if constexpr (Bytes == 64) return reinterpret_cast<V<Real, Bytes>>(_mm512_min_pd(reinterpret_cast<__m512d>(a), reinterpret_cast<__m512d>(b)));
#endif
#if defined(MONGE_SIMD_AVX512) || defined(MONGE_SIMD_AVX2)
    if constexpr (Bytes == 32) return reinterpret_cast<V<Real, Bytes>>(_mm256_min_pd(reinterpret_cast<__m256d>(a), reinterpret_cast<__m256d>(b)));
#endif
    if constexpr (Bytes == 16) return reinterpret_cast<V<Real, Bytes>>(_mm_min_pd(reinterpret_cast<__m128d>(a), reinterpret_cast<__m128d>(b)));
  }
#endif
  return a < b ? a : b;
}

// Flush-to-zero and denormals-are-zero for the life of the object (x86 MXCSR; elsewhere nothing):
// the AVX-512 exp2 relies on it, and no kernel wants denormal arithmetic.
struct FlushDenormals {
#if defined(__x86_64__)
  unsigned saved = _mm_getcsr();
  FlushDenormals() { _mm_setcsr(saved | 0x8040u); }
  ~FlushDenormals() { _mm_setcsr(saved); }
#endif
};

// 2^r for r ∈ [−½, ½], float lanes: degree-6 minimax polynomial for relative error (2.0e−9 before
// rounding; coefficients from tests/data/entropic/fit_exp2.py).
template <int Bytes>
inline V<float, Bytes> exp2_poly(V<float, Bytes> r) {
  V<float, Bytes> p = splat<float, Bytes>(1.5353608308086783e-04f);
  p = p * r + 1.3398890077262852e-03f;
  p = p * r + 9.6184364957353360e-03f;
  p = p * r + 5.5503324184074374e-02f;
  p = p * r + 2.4022647920375914e-01f;
  p = p * r + 6.9314720289381040e-01f;
  return p * r + 1.0f;
}

// The same in double lanes, degree 12 (relative error 1e−16 before rounding).
template <int Bytes>
inline V<double, Bytes> exp2_poly(V<double, Bytes> r) {
  V<double, Bytes> p = splat<double, Bytes>(1.310752627584847e-10);
  p = p * r + 4.985282035818196e-10;
  p = p * r + 6.984123816929609e-09;
  p = p * r + 1.0174535067025356e-07;
  p = p * r + 1.3215661817480608e-06;
  p = p * r + 1.5252742406999913e-05;
  p = p * r + 0.0001540353019925493;
  p = p * r + 0.0013333558137177716;
  p = p * r + 0.009618129107720988;
  p = p * r + 0.055504108664863605;
  p = p * r + 0.24022650695909914;
  p = p * r + 0.6931471805599446;
  return p * r + 1.0;
}

// 2^x in float lanes for x ≤ 127: x = k + r with k = round(x), r ∈ [−½, ½] exact, 2^k applied to
// the exponent. Relative error ≤ 2.5e−7 (tests). Small results never go denormal (denormals cost
// microcode assists): callers keep terms below 2^−125 negligible against sums ≥ 2^−60.
// Generic: x clamped to [−125, 127] (below −125 the result is 2^−125 ≈ 2.4e−38, not 0), k by the
// 1.5·2^23 shifter (its low bits hold k, and (bits << 23) keeps only k << 23), added to the
// exponent bits. AVX-512: vrndscaleps and vscalefps, one instruction each, no clamps: the caller
// sets flush-to-zero (FlushDenormals), so results below 2^−126 are exactly 0, and above 2^128 +inf
// (the kernels' range checks catch it).
template <int Bytes>
inline V<float, Bytes> exp2(V<float, Bytes> x) {
  using F = V<float, Bytes>;
  using I = typename Vec<float, Bytes>::bits;
#if defined(MONGE_SIMD_AVX512)
  if constexpr (Bytes == 64) {  // no clamp: callers run with flush-to-zero (FlushDenormals)
    const __m512 k = _mm512_roundscale_ps(reinterpret_cast<__m512>(x), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const F p = exp2_poly<Bytes>(x - reinterpret_cast<F>(k));
    return reinterpret_cast<F>(_mm512_scalef_ps(reinterpret_cast<__m512>(p), k));
  }
#endif
  x = vmax<float, Bytes>(x, splat<float, Bytes>(-125.0f));
  x = vmin<float, Bytes>(x, splat<float, Bytes>(127.0f));
  const F shifter = splat<float, Bytes>(12582912.0f);
  const F shifted = x + shifter;
  const F p = exp2_poly<Bytes>(x - (shifted - shifter));
  return reinterpret_cast<F>(reinterpret_cast<I>(p) + (reinterpret_cast<I>(shifted) << 23));
}

// 2^x in double lanes for x ≤ 1023; relative error ≤ 4e−16 (tests). The same scheme with the
// 1.5·2^52 shifter; generic: below −1021 giving 2^−1021; AVX-512: 0 below 2^−1022 (flush-to-zero).
template <int Bytes>
inline V<double, Bytes> exp2(V<double, Bytes> x) {
  using F = V<double, Bytes>;
  using I = typename Vec<double, Bytes>::bits;
#if defined(MONGE_SIMD_AVX512)
  if constexpr (Bytes == 64) {
    const __m512d k = _mm512_roundscale_pd(reinterpret_cast<__m512d>(x), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const F p = exp2_poly<Bytes>(x - reinterpret_cast<F>(k));
    return reinterpret_cast<F>(_mm512_scalef_pd(reinterpret_cast<__m512d>(p), k));
  }
#endif
  x = vmax<double, Bytes>(x, splat<double, Bytes>(-1021.0));
  x = vmin<double, Bytes>(x, splat<double, Bytes>(1023.0));
  const F shifter = splat<double, Bytes>(6755399441055744.0);
  const F shifted = x + shifter;
  const F p = exp2_poly<Bytes>(x - (shifted - shifter));
  return reinterpret_cast<F>(reinterpret_cast<I>(p) + (reinterpret_cast<I>(shifted) << 52));
}

}  // namespace
}  // namespace monge::entropic::simd
