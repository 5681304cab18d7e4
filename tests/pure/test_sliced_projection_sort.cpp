// The engine's sort of projections (projection_sort.hpp) against std::stable_sort by projected
// value, on spread-out, duplicated, clustered and huge data, with both payloads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/sliced/directions.hpp"
#include "solvers/sliced/projection_sort.hpp"
#include "solvers/sliced/radix_sort.hpp"

using namespace monge;

namespace {

Points gaussian(int n, int d, std::uint64_t seed) {
  const CounterRng rng(seed, 0);
  Points P(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) P(i, j) = rng.normal(static_cast<std::uint64_t>(i) * d + j);
  return P;
}

// Sorts P's projections on theta with ProjectionSorter (both payloads) and compares them with a
// stable sort of the indices by projected value. Returns whether the exact fallback was used.
bool expect_exact_order(const Points& P, const float* theta, const char* what) {
  const int n = static_cast<int>(P.rows()), d = static_cast<int>(P.cols());
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = project_any(&P(i, 0), theta, d) + 0.0f;
  std::vector<std::uint32_t> expected(n);
  std::iota(expected.begin(), expected.end(), 0u);
  std::stable_sort(expected.begin(), expected.end(), [&](std::uint32_t a, std::uint32_t b) { return v[a] < v[b]; });

  CloudBounds bounds;
  bounds.compute(P);
  ProjectionSorter sorter;
  const std::uint64_t* by_index = sorter.sort(P.data(), n, d, theta, bounds, SortPayload::Index);
  const bool fallback = sorter.used_fallback();
  for (int k = 0; k < n; ++k) {
    EXPECT_EQ(item_index(by_index[k]), expected[k]) << what << ", n = " << n << ", k = " << k;
    if (item_index(by_index[k]) != expected[k]) break;
  }
  const std::uint64_t* by_value = sorter.sort(P.data(), n, d, theta, bounds, SortPayload::Value);
  EXPECT_EQ(sorter.used_fallback(), fallback) << what;
  for (int k = 0; k < n; ++k) {
    EXPECT_EQ(item_value(by_value[k]), v[expected[k]]) << what << ", n = " << n << ", k = " << k;
    if (item_value(by_value[k]) != v[expected[k]]) break;
  }
  return fallback;
}

}  // namespace

TEST(ProjectionSort, MatchesStableSortOnSpreadOutClouds) {
  for (int d : {1, 2, 3, 5})
    for (int n : {1, 2, 7, 64, 65, 1000, 30000}) {
      const Points P = gaussian(n, d, 10 * n + d);
      Points theta;
      draw_directions(DirectionScheme::MonteCarlo, d == 1 ? 1 : 3, d, CounterRng(n, d), theta);
      if (d == 1) theta(0, 0) = 1.0f;
      for (Eigen::Index l = 0; l < theta.rows(); ++l)
        EXPECT_FALSE(expect_exact_order(P, &theta(l, 0), "gaussian")) << "needless fallback, d = " << d;
    }
}

TEST(ProjectionSort, TiesKeepIndexOrder) {
  // A 2D grid projected on an axis: every value repeated 100 times, ties by index; and every
  // point identical (a single value, an empty range).
  Points grid(10000, 2);
  for (int i = 0; i < 10000; ++i) {
    grid(i, 0) = static_cast<float>((i * 37) % 100) * 0.25f - 10.0f;
    grid(i, 1) = static_cast<float>(i / 100) * 0.5f;
  }
  const float axis[2] = {1.0f, 0.0f}, diagonal[2] = {0.6f, 0.8f};
  expect_exact_order(grid, axis, "grid on an axis");
  expect_exact_order(grid, diagonal, "grid on a diagonal");
  Points same = Points::Constant(5000, 2, 3.5f);
  EXPECT_FALSE(expect_exact_order(same, diagonal, "identical points"));
  Points zero = Points::Zero(300, 2);
  zero(7, 0) = -0.0f;  // -0 and +0 are one value
  EXPECT_FALSE(expect_exact_order(zero, axis, "zeros"));
}

TEST(ProjectionSort, ClusteredDataFallsBackExactly) {
  // 20000 points within 1e-3 of each other and one outlier at 1e4: the quantisation puts them in a
  // handful of buckets, the insertion pass gives up, the exact fallback must give the same order.
  Points P = gaussian(20001, 2, 3) * 1e-3f;
  P(20000, 0) = 1e4f;
  const float theta[2] = {0.8f, -0.6f};
  EXPECT_TRUE(expect_exact_order(P, theta, "cluster and outlier"));
  // Coordinates near FLT_MAX: projections may overflow, no usable range, straight to the fallback.
  Points H = gaussian(3000, 2, 4) * 1e37f;
  EXPECT_TRUE(expect_exact_order(H, theta, "huge coordinates"));
}

TEST(ProjectionSort, BoundsHoldEveryFloatProjection) {
  // Far from the origin and thin: the interval must still hold the rounded float projections.
  Points P = gaussian(5000, 3, 5) * 1e-4f;
  P.rowwise() += Eigen::RowVector3f(1000.0f, -2000.0f, 500.0f);
  CloudBounds bounds;
  bounds.compute(P);
  Points theta;
  draw_directions(DirectionScheme::MonteCarlo, 20, 3, CounterRng(6, 0), theta);
  for (Eigen::Index l = 0; l < theta.rows(); ++l) {
    double lo = 0, hi = 0;
    ASSERT_TRUE(bounds.interval(&theta(l, 0), lo, hi));
    for (int i = 0; i < 5000; ++i) {
      const float v = project_any(&P(i, 0), &theta(l, 0), 3);
      ASSERT_GE(v, lo);
      ASSERT_LE(v, hi);
    }
    expect_exact_order(P, &theta(l, 0), "far and thin");
  }
}

TEST(RadixSortQuantised, EqualsStableSortOnTheSortedBits) {
  const CounterRng rng(8, 0);
  for (int bits : {0, 8, 11, 19, 22, 24, 32})
    for (std::size_t n : {1u, 2u, 100u, 40000u}) {
      std::vector<std::uint32_t> q(n), payload(n);
      for (std::size_t i = 0; i < n; ++i) {
        q[i] = static_cast<std::uint32_t>(rng.uniform(2 * i) * 4294967295.0);
        payload[i] = static_cast<std::uint32_t>(rng.uniform(2 * i + 1) * 1e9);
      }
      const int low_bit = 32 - bits;
      auto digits = [&](std::uint64_t item) {
        return bits == 0 ? 0u : static_cast<std::uint32_t>(item >> (32 + low_bit));
      };
      std::vector<std::uint64_t> expected(n), out(n), tmp(n);
      for (std::size_t i = 0; i < n; ++i) expected[i] = (std::uint64_t(q[i]) << 32) | payload[i];
      std::stable_sort(expected.begin(), expected.end(),
                       [&](std::uint64_t a, std::uint64_t b) { return digits(a) < digits(b); });
      const std::uint64_t* r = radix_sort_quantised(q.data(), payload.data(), n, low_bit, bits, out.data(), tmp.data());
      EXPECT_TRUE(std::equal(expected.begin(), expected.end(), r)) << "bits = " << bits << ", n = " << n;
      // Without a payload the low word is the index.
      r = radix_sort_quantised(q.data(), nullptr, n, low_bit, bits, out.data(), tmp.data());
      for (std::size_t k = 0; k < n; ++k) ASSERT_EQ(r[k] >> 32, expected[k] >> 32);
    }
}
