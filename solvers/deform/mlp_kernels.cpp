// The MLP kernel sets (mlp_kernels.hpp): packing, scratch buffers, the three instantiations of
// mlp_kernels_body.inc and the run-time choice among them.
//
// Sections: 1. vector types of the three sets  2. the sets  3. dispatch  4. packing and buffers
//           5. chunk entry points  6. gradient reduction
//
// This file is compiled with -ffp-contract=off (solvers/CMakeLists.txt): under the avx2/avx512
// target options the compiler would otherwise fuse a multiply and an add into an fma, and tanh
// would no longer give activation.hpp's bits. It is also kept out of unity builds and
// precompiled headers (its own flags).
#include "solvers/deform/mlp_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "base/errors.hpp"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define MONGE_MLP_X86 1
#include <immintrin.h>
#endif

namespace monge::deform::mlp {

namespace {

// ---- 1. Vector types --------------------------------------------------------------------------
// Each gives: T, lanes, load, store (unaligned), broadcast, zero, fmadd (one rounding), mul, add,
// one_minus_square (1 - a*a, two roundings, as activation_derivative) and tanh (act::tanh's
// operations on every lane).

namespace generic_set {
// A plain array rather than a GCC vector type: a 64-byte vector passed by value without AVX-512
// would change the calling convention (-Wpsabi). The compiler vectorises the lane loops it can.
struct Vec {
  struct T {
    float v[16];
  };
  static constexpr int lanes = 16;
  static T load(const float* p) {
    T r;
    std::memcpy(r.v, p, sizeof r.v);
    return r;
  }
  static void store(float* p, const T& x) { std::memcpy(p, x.v, sizeof x.v); }
  static T broadcast(float x) {
    T r;
    for (int i = 0; i < lanes; ++i) r.v[i] = x;
    return r;
  }
  static T zero() { return broadcast(0.0f); }
  static T fmadd(const T& a, const T& b, const T& c) {
    T r;
    for (int i = 0; i < lanes; ++i) r.v[i] = std::fma(a.v[i], b.v[i], c.v[i]);
    return r;
  }
  static T mul(const T& a, const T& b) {
    T r;
    for (int i = 0; i < lanes; ++i) r.v[i] = a.v[i] * b.v[i];
    return r;
  }
  static T add(const T& a, const T& b) {
    T r;
    for (int i = 0; i < lanes; ++i) r.v[i] = a.v[i] + b.v[i];
    return r;
  }
  static T one_minus_square(const T& a) {
    T r;
    for (int i = 0; i < lanes; ++i) r.v[i] = 1.0f - a.v[i] * a.v[i];
    return r;
  }
  static T tanh(const T& z) {
    T r;
    for (int i = 0; i < lanes; ++i) r.v[i] = act::tanh(z.v[i]);
    return r;
  }
};
constexpr int MR = 4, NR = 1;
#include "solvers/deform/mlp_kernels_body.inc"
}  // namespace generic_set

#if defined(MONGE_MLP_X86)
// The constants of act::tanh (activation.hpp), in its order of use.
struct TanhConstants {
  static constexpr float clamp_limit = 7.90531110763549805f, tiny = 0.0004f;
  static constexpr float p13 = -2.76076847742355e-16f, p11 = 2.00018790482477e-13f, p9 = -8.60467152213735e-11f,
                         p7 = 5.12229709037114e-08f, p5 = 1.48572235717979e-05f, p3 = 6.37261928875436e-04f,
                         p1 = 4.89352455891786e-03f;
  static constexpr float q6 = 1.19825839466702e-06f, q4 = 1.18534705686654e-04f, q2 = 2.26843463243900e-03f,
                         q0 = 4.89352518554385e-03f;
};

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
namespace avx2_set {
#include "solvers/deform/mlp_tanh_lanes.inc"
struct Vec : TanhConstants {
  using T = __m256;
  static constexpr int lanes = 8;
  static T load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, T v) { _mm256_storeu_ps(p, v); }
  static T broadcast(float x) { return _mm256_set1_ps(x); }
  static T zero() { return _mm256_setzero_ps(); }
  static T fmadd(T a, T b, T c) { return _mm256_fmadd_ps(a, b, c); }
  static T fnmadd(T a, T b, T c) { return _mm256_fnmadd_ps(a, b, c); }
  static T mul(T a, T b) { return _mm256_mul_ps(a, b); }
  static T add(T a, T b) { return _mm256_add_ps(a, b); }
  static T one_minus_square(T a) { return _mm256_sub_ps(broadcast(1.0f), mul(a, a)); }
  // act::min(z, c) = (c < z) ? c : z = minps(c, z); act::max(y, -c) = (y < -c) ? -c : y = maxps(-c, y).
  static T clamp(T z) { return _mm256_max_ps(broadcast(-clamp_limit), _mm256_min_ps(broadcast(clamp_limit), z)); }
  static T reciprocal_seed(T q) {
    return _mm256_castsi256_ps(_mm256_sub_epi32(_mm256_set1_epi32(0x7ef311c3), _mm256_castps_si256(q)));
  }
  static T keep_tiny(T z, T x, T r) {
    const T abs_z = _mm256_and_ps(z, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)));
    return _mm256_blendv_ps(r, x, _mm256_cmp_ps(abs_z, broadcast(tiny), _CMP_LT_OQ));
  }
  static T tanh(T z) { return tanh_lanes<Vec>(z); }
};
constexpr int MR = 4, NR = 2;
#include "solvers/deform/mlp_kernels_body.inc"
}  // namespace avx2_set
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#endif
namespace avx512_set {
#include "solvers/deform/mlp_tanh_lanes.inc"
struct Vec : TanhConstants {
  using T = __m512;
  static constexpr int lanes = 16;
  static T load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, T v) { _mm512_storeu_ps(p, v); }
  static T broadcast(float x) { return _mm512_set1_ps(x); }
  static T zero() { return _mm512_setzero_ps(); }
  static T fmadd(T a, T b, T c) { return _mm512_fmadd_ps(a, b, c); }
  static T fnmadd(T a, T b, T c) { return _mm512_fnmadd_ps(a, b, c); }
  static T mul(T a, T b) { return _mm512_mul_ps(a, b); }
  static T add(T a, T b) { return _mm512_add_ps(a, b); }
  static T one_minus_square(T a) { return _mm512_sub_ps(broadcast(1.0f), mul(a, a)); }
  // act::min / act::max as compare and blend (GCC 12 warns falsely inside _mm512_min_ps).
  static T clamp(T z) {
    const T c = broadcast(clamp_limit), minus_c = broadcast(-clamp_limit);
    const T y = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(c, z, _CMP_LT_OQ), z, c);             // (c < z) ? c : z
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(y, minus_c, _CMP_LT_OQ), y, minus_c);      // (y < -c) ? -c : y
  }
  static T reciprocal_seed(T q) {
    return _mm512_castsi512_ps(_mm512_sub_epi32(_mm512_set1_epi32(0x7ef311c3), _mm512_castps_si512(q)));
  }
  static T keep_tiny(T z, T x, T r) {
    const T abs_z = _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(z), _mm512_set1_epi32(0x7fffffff)));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(abs_z, broadcast(tiny), _CMP_LT_OQ), r, x);
  }
  static T tanh(T z) { return tanh_lanes<Vec>(z); }
};
constexpr int MR = 4, NR = 4;
#include "solvers/deform/mlp_kernels_body.inc"
}  // namespace avx512_set
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif  // MONGE_MLP_X86

// ---- 2. The sets as tables ----------------------------------------------------------------------
struct KernelSet {
  void (*forward)(const PackedMlp&, int, ChunkScratch&);
  void (*vjp)(const PackedMlp&, int, ChunkScratch&, float*);
  void (*tanh)(const float*, float*, int);
};

const KernelSet& kernels(Isa isa) {
  static const KernelSet generic{generic_set::forward_impl, generic_set::vjp_impl, generic_set::tanh_impl};
#if defined(MONGE_MLP_X86)
  static const KernelSet avx2{avx2_set::forward_impl, avx2_set::vjp_impl, avx2_set::tanh_impl};
  static const KernelSet avx512{avx512_set::forward_impl, avx512_set::vjp_impl, avx512_set::tanh_impl};
  if (isa == Isa::Avx512) return avx512;
  if (isa == Isa::Avx2) return avx2;
#endif
  (void)isa;
  return generic;
}

}  // namespace

// ---- 3. Dispatch ----------------------------------------------------------------------------------
const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Generic: return "generic";
    case Isa::Avx2: return "avx2";
    case Isa::Avx512: return "avx512";
  }
  return "?";
}

bool isa_supported(Isa isa) {
#if defined(MONGE_MLP_X86)
  __builtin_cpu_init();
  switch (isa) {
    case Isa::Generic: return true;
    case Isa::Avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::Avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  return false;
#else
  return isa == Isa::Generic;
#endif
}

Isa best_isa() {
  static const Isa chosen = [] {
    Isa best = Isa::Generic;
    for (Isa isa : {Isa::Avx2, Isa::Avx512})
      if (isa_supported(isa)) best = isa;
    if (const char* wanted = std::getenv("MONGE_MLP_ISA")) {
      for (Isa isa : {Isa::Generic, Isa::Avx2, Isa::Avx512})
        if (std::string(wanted) == isa_name(isa) && isa_supported(isa) && int(isa) < int(best)) best = isa;
    }
    return best;
  }();
  return chosen;
}

// ---- 4. Packing and buffers ----------------------------------------------------------------------
void AlignedFloats::resize(std::size_t n) {
  if (n != size_) {
    data_.reset(n ? static_cast<float*>(::operator new[](n * sizeof(float), std::align_val_t(64))) : nullptr);
    size_ = n;
  }
  zero();
}

void AlignedFloats::zero() {
  if (size_) std::memset(data_.get(), 0, size_ * sizeof(float));
}

void plan(PackedMlp& P, const std::vector<PackedLayer>& layers, Activation activation) {
  if (layers.size() < 2 || layers.front().in != kInputs || layers.back().out != 3)
    throw SolverError("mlp kernels: expected layers from 4 inputs to 3 outputs");
  P.layers = layers;
  P.activation = activation;
  P.max_pad = kPad;
  std::size_t offset = 0, g = 0;
  for (std::size_t l = 0; l < P.layers.size(); ++l) {
    PackedLayer& L = P.layers[l];
    L.in_pad = padded(L.in);
    L.out_pad = padded(L.out);
    P.max_pad = std::max({P.max_pad, L.in_pad, L.out_pad});
    L.wt = offset;
    offset += std::size_t(L.in) * L.out_pad;
    L.wb = offset;
    offset += std::size_t(L.out) * L.in_pad;
    L.bias = offset;
    offset += L.out_pad;
    L.g_weight = g;
    g += l == 0 ? std::size_t(L.in) * L.out_pad : std::size_t(L.out) * L.in_pad;
    L.g_bias = g;
    g += L.out_pad;
    // Keep every array 64-byte aligned.
    offset = (offset + kPad - 1) / kPad * kPad;
    g = (g + kPad - 1) / kPad * kPad;
  }
  P.storage.resize(offset);
  P.grad_size = g;
}

void pack_weights(PackedMlp& P, const float* theta) {
  for (const PackedLayer& L : P.layers) {
    float* wt = P.storage.data() + L.wt;
    float* wb = P.storage.data() + L.wb;
    float* b = P.storage.data() + L.bias;
    const float* W = theta + L.weight_offset;  // out by in, row-major
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) {
        wt[std::size_t(i) * L.out_pad + j] = W[std::size_t(j) * L.in + i];
        wb[std::size_t(j) * L.in_pad + i] = W[std::size_t(j) * L.in + i];
      }
    for (int j = 0; j < L.out; ++j) b[j] = theta[L.bias_offset + j];
  }
}

void ChunkScratch::prepare(const PackedMlp& P, int wanted_rows) {
  const std::size_t L = P.layers.size();
  if (rows >= wanted_rows && a.size() == L && delta.size() >= std::size_t(rows) * P.max_pad) return;
  rows = wanted_rows;
  a.resize(L);
  z.resize(L);
  a[0].resize(std::size_t(rows) * kPad);
  for (std::size_t l = 1; l < L; ++l) {
    a[l].resize(std::size_t(rows) * P.layers[l].in_pad);
    z[l].resize(P.activation == Activation::Tanh ? 0 : std::size_t(rows) * P.layers[l].in_pad);
  }
  out.resize(std::size_t(rows) * kPad);
  delta.resize(std::size_t(rows) * P.max_pad);
  delta_prev.resize(std::size_t(rows) * P.max_pad);
}

// ---- 5. Chunk entry points -------------------------------------------------------------------------
namespace {
void fill_input(const Normalisation& n, const float* X, int rows, float t, float* a0) {
  for (int r = 0; r < rows; ++r) {
    for (int j = 0; j < 3; ++j) a0[r * kPad + j] = (X[3 * r + j] - n.center[j]) * n.inv_scale;
    a0[r * kPad + 3] = t;
  }
}
}  // namespace

void forward_chunk(Isa isa, const PackedMlp& P, const Normalisation& n, const float* X, int rows, float t, float* V,
                   ChunkScratch& s) {
  fill_input(n, X, rows, t, s.a[0].data());
  kernels(isa).forward(P, rows, s);
  const float* out = s.out.data();
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < 3; ++j) V[3 * r + j] = n.scale * out[r * kPad + j];
}

void vjp_chunk(Isa isa, const PackedMlp& P, const Normalisation& n, const float* X, const float* dV, int rows, float t,
               float* grad_X, float* grad, ChunkScratch& s) {
  fill_input(n, X, rows, t, s.a[0].data());
  // dL/d(out) = scale * dV (V = scale * out), zero in the padding columns.
  float* d = s.delta.data();
  for (int r = 0; r < rows; ++r) {
    for (int j = 0; j < 3; ++j) d[r * kPad + j] = n.scale * dV[3 * r + j];
    for (int j = 3; j < kPad; ++j) d[r * kPad + j] = 0.0f;
  }
  kernels(isa).vjp(P, rows, s, grad);
  // x' = (x - center) * inv_scale.
  const float* d0 = s.delta_prev.data();
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < 3; ++j) grad_X[3 * r + j] = n.inv_scale * d0[r * kPad + j];
}

void tanh_values(Isa isa, const float* z, float* a, int n) { kernels(isa).tanh(z, a, n); }

// ---- 6. Gradient reduction --------------------------------------------------------------------------
void add_blocks_to_theta(const PackedMlp& P, const float* grad, std::size_t stride, int blocks, float* theta_grad,
                         int begin, int end) {
  auto block_sum = [&](std::size_t e) {
    float s = grad[e];
    for (int b = 1; b < blocks; ++b) s += grad[std::size_t(b) * stride + e];
    return s;
  };
  for (std::size_t l = 0; l < P.layers.size(); ++l) {
    const PackedLayer& L = P.layers[l];
    const int w0 = std::max(begin, L.weight_offset), w1 = std::min(end, L.weight_offset + L.in * L.out);
    for (int p = w0; p < w1; ++p) {
      const int j = (p - L.weight_offset) / L.in, i = (p - L.weight_offset) % L.in;
      const std::size_t e = l == 0 ? L.g_weight + std::size_t(i) * L.out_pad + j : L.g_weight + std::size_t(j) * L.in_pad + i;
      theta_grad[p] += block_sum(e);
    }
    const int b0 = std::max(begin, L.bias_offset), b1 = std::min(end, L.bias_offset + L.out);
    for (int p = b0; p < b1; ++p) theta_grad[p] += block_sum(L.g_bias + std::size_t(p - L.bias_offset));
  }
}

}  // namespace monge::deform::mlp
