// The radix sort of the sliced-Wasserstein engine against std::sort, and the float <-> key map.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstring>
#include <numeric>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/sliced/radix_sort.hpp"
#include "solvers/sliced/sort_keys.hpp"

using namespace monge;

namespace {

// Floats with negatives, both zeros, duplicates, tiny and huge magnitudes, denormals.
std::vector<float> awkward_floats(std::size_t n, std::uint64_t seed) {
  const CounterRng rng(seed, 7);
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float u = rng.uniform(3 * i), v = rng.normal(3 * i + 1);
    switch (static_cast<int>(rng.uniform(3 * i + 2) * 8)) {
      case 0: x[i] = 0.0f; break;
      case 1: x[i] = -0.0f; break;
      case 2: x[i] = std::round(v * 3.0f);  break;  // many duplicates
      case 3: x[i] = v * 1e-39f; break;             // denormals
      case 4: x[i] = v * 1e30f; break;
      case 5: x[i] = u < 0.5f ? std::numeric_limits<float>::max() : -std::numeric_limits<float>::max(); break;
      default: x[i] = v; break;
    }
  }
  return x;
}

}  // namespace

TEST(SortKeys, MonotoneAndInvertible) {
  const std::vector<float> x = awkward_floats(20000, 1);
  for (float a : x) {
    const float back = key_to_float(float_to_key(a));
    EXPECT_EQ(std::memcmp(&a, &back, 4), 0);
  }
  for (std::size_t i = 1; i < x.size(); ++i) {
    const float a = x[i - 1], b = x[i];
    if (a < b) {
      EXPECT_LT(float_to_key(a), float_to_key(b)) << a << " " << b;
    } else if (a > b) {
      EXPECT_GT(float_to_key(a), float_to_key(b)) << a << " " << b;
    }
  }
  EXPECT_LT(float_to_key(-1.0f), float_to_key(-0.5f));
  EXPECT_LT(float_to_key(-0.0f), float_to_key(0.0f));
  EXPECT_LT(float_to_key(-std::numeric_limits<float>::infinity()), float_to_key(-std::numeric_limits<float>::max()));
}

TEST(RadixSort, EqualsStdSortOnAwkwardFloats) {
  RadixSorter sorter;
  for (std::size_t n : {0u, 1u, 2u, 17u, 48u, 49u, 1000u, 65537u, 200000u}) {
    const std::vector<float> x = awkward_floats(n, n + 3);
    std::vector<float> sorted(n);
    std::vector<std::uint32_t> order(n);
    sorter.sort_floats(x.data(), n, sorted.data(), order.data());
    std::vector<float> expected = x;
    std::sort(expected.begin(), expected.end());
    ASSERT_EQ(sorted.size(), expected.size());
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(sorted[i], expected[i]) << "n = " << n << ", i = " << i;
      // The payload names where each value came from, and the order is stable.
      ASSERT_EQ(std::memcmp(&sorted[i], &x[order[i]], 4), 0);
      if (i > 0 && float_to_key(sorted[i]) == float_to_key(sorted[i - 1])) {
        ASSERT_LT(order[i - 1], order[i]);
      }
    }
    // A permutation.
    std::vector<std::uint32_t> check = order;
    std::sort(check.begin(), check.end());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(check[i], i);
  }
}

TEST(RadixSort, KeysOnlyAndSkippedPasses) {
  // Values in one octave share their top digit: the sorter skips that pass and must still be right.
  RadixSorter sorter;
  const CounterRng rng(5, 0);
  const std::size_t n = 30000;
  std::vector<std::uint32_t> keys(n);
  for (std::size_t i = 0; i < n; ++i) keys[i] = float_to_key(1.0f + rng.uniform(i));
  std::vector<std::uint32_t> expected = keys;
  std::sort(expected.begin(), expected.end());
  sorter.sort(keys.data(), nullptr, n);
  EXPECT_EQ(keys, expected);
  // All equal: every pass skipped.
  std::vector<std::uint32_t> same(1000, 12345u), idx(1000);
  std::iota(idx.begin(), idx.end(), 0u);
  sorter.sort(same.data(), idx.data(), same.size());
  for (std::size_t i = 0; i < idx.size(); ++i) EXPECT_EQ(idx[i], i);
}

TEST(RadixSort, PingpongReportsWhereTheResultIs) {
  const std::size_t n = 5000;
  const CounterRng rng(9, 0);
  std::vector<std::uint32_t> k(n), v(n), kt(n), vt(n);
  for (std::size_t i = 0; i < n; ++i) {
    k[i] = float_to_key(rng.normal(i));
    v[i] = static_cast<std::uint32_t>(i);
  }
  std::vector<std::uint32_t> expected = k;
  std::sort(expected.begin(), expected.end());
  const bool in_tmp = radix_sort_pingpong(k.data(), v.data(), kt.data(), vt.data(), n);
  EXPECT_EQ(in_tmp ? kt : k, expected);
}
