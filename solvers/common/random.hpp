#pragma once
// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, "Parallel random numbers:
// as easy as 1, 2, 3"). A draw is a pure function of (seed, stream, index): no state to share
// between threads or with the GPU, and a flow step can be replayed from any earlier frame.
//
// Streams separate independent uses, e.g. stream = hash of (purpose, step index).
#include <cmath>
#include <cstdint>

#include "solvers/common/hd.hpp"

namespace monge {

struct Philox4x32 {
  std::uint32_t v[4];
};

MONGE_HD void philox_mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
  const std::uint64_t p = static_cast<std::uint64_t>(a) * b;
  hi = static_cast<std::uint32_t>(p >> 32);
  lo = static_cast<std::uint32_t>(p);
}

// Ten rounds of Philox4x32 on counter c with key k.
MONGE_HD Philox4x32 philox4x32_10(Philox4x32 c, std::uint32_t k0, std::uint32_t k1) {
  for (int round = 0; round < 10; ++round) {
    std::uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(0xD2511F53u, c.v[0], hi0, lo0);
    philox_mulhilo(0xCD9E8D57u, c.v[2], hi1, lo1);
    c = Philox4x32{{hi1 ^ c.v[1] ^ k0, lo1, hi0 ^ c.v[3] ^ k1, lo0}};
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return c;
}

// A 32-bit word to a float uniform in the open interval (0, 1): 23 bits, so that the largest
// value, 1 - 2^-24, is exactly representable (24 bits would round up to 1.0f).
MONGE_HD float uint_to_unit_float(std::uint32_t x) {
  return (static_cast<float>(x >> 9) + 0.5f) * (1.0f / 8388608.0f);
}

// SplitMix64 finaliser: derives well-spread stream ids from small integers.
MONGE_HD std::uint64_t mix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Random numbers addressed by index. Each index yields one block of four 32-bit words, so
// uniform4/normal4 give four independent values per index.
class CounterRng {
 public:
  MONGE_HD CounterRng(std::uint64_t seed, std::uint64_t stream = 0)
      : k0_(static_cast<std::uint32_t>(seed)), k1_(static_cast<std::uint32_t>(seed >> 32)),
        s0_(static_cast<std::uint32_t>(stream)), s1_(static_cast<std::uint32_t>(stream >> 32)) {}

  MONGE_HD Philox4x32 block(std::uint64_t index) const {
    return philox4x32_10(Philox4x32{{static_cast<std::uint32_t>(index),
                                     static_cast<std::uint32_t>(index >> 32), s0_, s1_}},
                         k0_, k1_);
  }

  // Four uniforms in (0, 1).
  MONGE_HD void uniform4(std::uint64_t index, float out[4]) const {
    const Philox4x32 b = block(index);
    for (int i = 0; i < 4; ++i) out[i] = uint_to_unit_float(b.v[i]);
  }

  // Four standard normals (two Box-Muller pairs).
  MONGE_HD void normal4(std::uint64_t index, float out[4]) const {
    float u[4];
    uniform4(index, u);
    for (int i = 0; i < 4; i += 2) {
      const float r = std::sqrt(-2.0f * std::log(u[i]));
      const float a = 6.28318530717958647692f * u[i + 1];
      out[i] = r * std::cos(a);
      out[i + 1] = r * std::sin(a);
    }
  }

  // The k-th uniform / normal of the sequence (k/4 selects the block).
  MONGE_HD float uniform(std::uint64_t k) const {
    float u[4];
    uniform4(k >> 2, u);
    return u[k & 3];
  }
  MONGE_HD float normal(std::uint64_t k) const {
    float z[4];
    normal4(k >> 2, z);
    return z[k & 3];
  }

 private:
  std::uint32_t k0_, k1_, s0_, s1_;
};

}  // namespace monge
