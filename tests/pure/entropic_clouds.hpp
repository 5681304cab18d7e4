#pragma once
// Test clouds of the entropic tests: n points uniform in [shift, shift + scale]^d, a function of
// (seed, stream) only (CounterRng), so that every run and machine draws the same points.
#include <cstdint>

#include "solvers/common/random.hpp"
#include "solvers/common/types.hpp"

namespace monge::test {

inline Points uniform_cloud(int n, int d, std::uint64_t seed, std::uint64_t stream, double scale = 1, double shift = 0) {
  CounterRng rng(seed, stream);
  Points P(n, d);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k)
      P(i, k) = static_cast<float>(shift + scale * rng.uniform(static_cast<std::uint64_t>(d) * i + k));
  return P;
}

}  // namespace monge::test
