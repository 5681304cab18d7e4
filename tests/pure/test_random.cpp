// Philox4x32-10 against the Random123 known-answer vectors, and the distributions built on it.
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/common/random.hpp"

using namespace monge;

TEST(Philox, KnownAnswerVectors) {
  // From Random123's kat_vectors (philox4x32_10).
  struct Kat {
    Philox4x32 ctr;
    std::uint32_t k0, k1;
    Philox4x32 expected;
  };
  const Kat kats[] = {
      {{{0, 0, 0, 0}}, 0, 0, {{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}}},
      {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, 0xffffffff, 0xffffffff,
       {{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}}},
      {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, 0xa4093822, 0x299f31d0,
       {{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}}},
  };
  for (const auto& k : kats) {
    const Philox4x32 out = philox4x32_10(k.ctr, k.k0, k.k1);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out.v[i], k.expected.v[i]) << "word " << i;
  }
}

TEST(CounterRng, SameAddressSameNumberDifferentStreamsDiffer) {
  const CounterRng a(42, 7), b(42, 7), c(42, 8), d(43, 7);
  EXPECT_EQ(a.normal(12345), b.normal(12345));
  EXPECT_NE(a.normal(12345), c.normal(12345));
  EXPECT_NE(a.normal(12345), d.normal(12345));
}

TEST(CounterRng, UniformAndNormalMoments) {
  const CounterRng rng(2024, 1);
  const int n = 200000;
  double su = 0, su2 = 0, sn = 0, sn2 = 0, sn4 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform(i);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    su += u;
    su2 += u * u;
    const double z = rng.normal(i);
    sn += z;
    sn2 += z * z;
    sn4 += z * z * z * z;
  }
  // Tolerances: about 5 standard errors of each sample moment.
  EXPECT_NEAR(su / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(su2 / n - (su / n) * (su / n), 1.0 / 12, 5e-3);
  EXPECT_NEAR(sn / n, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(sn2 / n, 1.0, 5 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sn4 / n, 3.0, 5 * std::sqrt(96.0 / n));
}

TEST(Mix64, SpreadsNeighbouringIntegers) {
  EXPECT_NE(mix64(0), mix64(1));
  EXPECT_NE(mix64(1) >> 32, mix64(2) >> 32);
}
