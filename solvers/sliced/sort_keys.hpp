#pragma once
// Float <-> sortable unsigned key mapping, the per-element half of the radix sort.
// Written as MONGE_HD inline functions so that a CUDA backend (CUB radix sort on the same keys)
// orders projections exactly as the CPU does.
//
// The mapping is monotone: a < b (as floats, no NaN) implies float_to_key(a) < float_to_key(b).
// Positive floats get their sign bit set (they sort above all negatives); negative floats have
// every bit flipped (a larger magnitude becomes a smaller key). -0.0f maps just below +0.0f.
#include <cstdint>
#include <cstring>

#include "solvers/common/hd.hpp"

namespace monge {

MONGE_HD std::uint32_t float_to_key(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  // Branch-free (so that loops over it vectorise): flip every bit of a negative, the sign of a positive.
  const std::uint32_t mask = static_cast<std::uint32_t>(static_cast<std::int32_t>(u) >> 31) | 0x80000000u;
  return u ^ mask;
}

MONGE_HD float key_to_float(std::uint32_t key) {
  const std::uint32_t u = (key & 0x80000000u) ? (key & 0x7FFFFFFFu) : ~key;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

}  // namespace monge
