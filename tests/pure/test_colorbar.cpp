// Colour-scale maths: nice ticks (closed cases and properties over many ranges), log ticks,
// labels, percentile ranges against hand-computed order statistics, and the colour-bar strip.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "render/colorbar.hpp"
#include "base/errors.hpp"

using namespace monge;

namespace {

// m * 10^k with m in {1, 2, 5}: the "nice" steps.
bool is_nice_step(double step) {
  const double k = std::floor(std::log10(step) + 1e-9);
  const double m = step / std::pow(10.0, k);
  return std::abs(m - 1) < 1e-6 || std::abs(m - 2) < 1e-6 || std::abs(m - 5) < 1e-6;
}

}  // namespace

TEST(NiceTicks, ClosedCases) {
  EXPECT_EQ(nice_ticks(0.0, 1.0, 6), (std::vector<double>{0.0, 0.2, 0.4, 0.6, 0.8, 1.0}));
  EXPECT_EQ(nice_ticks(0.0, 10.0, 5), (std::vector<double>{0.0, 5.0, 10.0}));  // steps 1 and 2 give 11 and 6
  EXPECT_EQ(nice_ticks(-3.0, 3.0, 7), (std::vector<double>{-3, -2, -1, 0, 1, 2, 3}));
  EXPECT_EQ(nice_ticks(0.0013, 0.0087, 5), (std::vector<double>{0.002, 0.004, 0.006, 0.008}));
  EXPECT_EQ(nice_ticks(0.3, 0.9, 4), (std::vector<double>{0.4, 0.6, 0.8}));  // 0.1 would give 7
  EXPECT_EQ(nice_ticks(0.3, 0.7, 5), (std::vector<double>{0.3, 0.4, 0.5, 0.6, 0.7}));  // 0.3 kept despite rounding
  EXPECT_EQ(nice_ticks(120.0, 980.0, 6), (std::vector<double>{200, 400, 600, 800}));
  EXPECT_EQ(nice_ticks(1.0, 0.0, 6), nice_ticks(0.0, 1.0, 6));  // either order
  EXPECT_EQ(nice_ticks(2.5, 2.5), (std::vector<double>{2.5}));
  EXPECT_TRUE(nice_ticks(0.0, std::numeric_limits<double>::infinity()).empty());
  EXPECT_TRUE(nice_ticks(std::nan(""), 1.0).empty());
}

TEST(NiceTicks, PropertiesHoldOverManyRanges) {
  // Ranges of every scale and sign: ticks inside [lo, hi], at most max_ticks, evenly spaced by a
  // nice step, multiples of it, and the step is the smallest nice one that fits.
  for (int e = -6; e <= 6; ++e)
    for (int a = 0; a < 17; ++a)
      for (int max_ticks = 2; max_ticks <= 10; max_ticks += 4) {
        const double scale = std::pow(10.0, e);
        const double lo = (-3.7 + 0.61 * a) * scale, hi = lo + (0.13 + 0.37 * a) * scale;
        const std::vector<double> t = nice_ticks(lo, hi, max_ticks);
        ASSERT_FALSE(t.empty());
        ASSERT_LE(static_cast<int>(t.size()), max_ticks) << lo << " " << hi;
        for (const double v : t) {
          EXPECT_GE(v, lo - 1e-9 * scale);
          EXPECT_LE(v, hi + 1e-9 * scale);
        }
        if (t.size() < 2) continue;
        const double step = t[1] - t[0];
        EXPECT_TRUE(is_nice_step(step)) << step;
        for (std::size_t i = 1; i < t.size(); ++i) EXPECT_NEAR(t[i] - t[i - 1], step, 1e-9 * step);
        EXPECT_NEAR(t[0] / step, std::round(t[0] / step), 1e-6);
        // Every multiple of the step inside [lo, hi] is a tick.
        EXPECT_LT(t.front() - step, lo + 1e-9 * step);
        EXPECT_GT(t.back() + step, hi - 1e-9 * step);
        // The next smaller nice step would give more than max_ticks ticks.
        const double m = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        const double smaller = step * (std::abs(m - 1) < 1e-6 ? 0.5 : std::abs(m - 2) < 1e-6 ? 0.5 : 0.4);
        const double count = std::floor(hi / smaller + 1e-9) - std::ceil(lo / smaller - 1e-9) + 1;
        EXPECT_GT(count, max_ticks) << lo << " " << hi << " step " << step;
      }
}

TEST(NiceTicks, SmallerNiceStepWouldGiveTooManyTicks) {
  // (0, 1) with max 5: step 0.2 gives 6 ticks, so 0.5 is chosen (0, 0.5, 1).
  EXPECT_EQ(nice_ticks(0.0, 1.0, 5), (std::vector<double>{0.0, 0.5, 1.0}));
  // (0, 1) with max 11: step 0.1 fits exactly.
  EXPECT_EQ(nice_ticks(0.0, 1.0, 11).size(), 11u);
}

TEST(LogTicks, DecadesAndFallback) {
  EXPECT_EQ(log_ticks(1e-3, 1.0, 6), (std::vector<double>{1e-3, 1e-2, 1e-1, 1.0}));
  EXPECT_EQ(log_ticks(0.5, 2000.0, 6), (std::vector<double>{1.0, 10.0, 100.0, 1000.0}));
  // 13 decades, at most 5 ticks: every 3rd decade.
  EXPECT_EQ(log_ticks(1e-6, 1e6, 5), (std::vector<double>{1e-6, 1e-3, 1.0, 1e3, 1e6}));
  // Less than two decades inside: linear nice ticks.
  EXPECT_EQ(log_ticks(2.0, 9.0, 4), nice_ticks(2.0, 9.0, 4));
}

TEST(FormatTick, DecimalsFollowTheStep) {
  EXPECT_EQ(format_tick(0.25, 0.05), "0.25");
  EXPECT_EQ(format_tick(0.4, 0.2), "0.4");
  EXPECT_EQ(format_tick(200.0, 200.0), "200");
  EXPECT_EQ(format_tick(-3.0, 1.0), "-3");
  EXPECT_EQ(format_tick(0.0, 0.1), "0");
  EXPECT_EQ(format_tick(1e-5, 1e-5), "1e-05");
  EXPECT_EQ(format_tick(2.5e6, 5e5), "2.5e+06");
}

TEST(RobustRange, MinMaxSkipsMaskedAndNonFinite) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const std::vector<float> v = {3.0f, -1.0f, nan, 7.0f, inf, 100.0f};
  const std::vector<std::uint8_t> mask = {0, 0, 0, 0, 0, 1};
  const ValueRange r = robust_range(v.data(), v.size(), 0.0f, 100.0f, mask.data());
  EXPECT_EQ(r.lo, -1.0f);
  EXPECT_EQ(r.hi, 7.0f);
  const ValueRange pos = robust_range(v.data(), v.size(), 0.0f, 100.0f, mask.data(), true);
  EXPECT_EQ(pos.lo, 3.0f);
  EXPECT_EQ(pos.hi, 7.0f);
}

TEST(RobustRange, PercentilesInterpolateOrderStatistics) {
  // 0, 1, ..., 99 shuffled: the p-th percentile is at rank p/100 * 99 (numpy's default).
  std::vector<float> v(100);
  for (int i = 0; i < 100; ++i) v[i] = static_cast<float>((i * 37) % 100);
  const ValueRange r = robust_range(v.data(), v.size(), 5.0f, 95.0f);
  EXPECT_NEAR(r.lo, 4.95f, 1e-5);
  EXPECT_NEAR(r.hi, 94.05f, 1e-5);
  const ValueRange med = robust_range(v.data(), v.size(), 50.0f, 50.0f);  // constant -> widened by 0.5
  EXPECT_NEAR(med.lo, 49.0f, 1e-5);
  EXPECT_NEAR(med.hi, 50.0f, 1e-5);
}

TEST(RobustRange, DegenerateInputs) {
  const std::vector<float> constant(10, 4.0f);
  const ValueRange c = robust_range(constant.data(), constant.size());
  EXPECT_EQ(c.lo, 3.5f);
  EXPECT_EQ(c.hi, 4.5f);
  const ValueRange cp = robust_range(constant.data(), constant.size(), 0.0f, 100.0f, nullptr, true);
  EXPECT_EQ(cp.lo, 2.0f);
  EXPECT_EQ(cp.hi, 8.0f);
  const ValueRange none = robust_range(nullptr, 0);
  EXPECT_EQ(none.lo, 0.0f);
  EXPECT_EQ(none.hi, 1.0f);
  const std::vector<float> negative = {-1.0f, -2.0f};
  const ValueRange neg = robust_range(negative.data(), negative.size(), 1.0f, 99.0f, nullptr, true);
  EXPECT_EQ(neg.lo, 1.0f);
  EXPECT_EQ(neg.hi, 10.0f);
}

TEST(Colorbar, StripSamplesTheColormapAndTicksSitAtTheirValues) {
  const Colorbar bar = make_colorbar(Colormap::Magma, 0.0, 2.0, false, 101, 5);
  ASSERT_EQ(bar.rgba.size(), 101u * 4);
  const glm::vec3 mid = colormap_sample(Colormap::Magma, 0.5f);
  EXPECT_NEAR(bar.rgba[4 * 50 + 0], 255.0f * mid.r, 0.51);
  EXPECT_NEAR(bar.rgba[4 * 50 + 1], 255.0f * mid.g, 0.51);
  EXPECT_NEAR(bar.rgba[4 * 50 + 2], 255.0f * mid.b, 0.51);
  EXPECT_EQ(bar.rgba[4 * 100 + 3], 255);
  ASSERT_EQ(bar.ticks.size(), 5u);  // 0, 0.5, 1, 1.5, 2
  EXPECT_FLOAT_EQ(bar.ticks[1].position, 0.25f);
  EXPECT_EQ(bar.ticks[1].label, "0.5");
  EXPECT_EQ(bar.ticks[4].label, "2.0");
}

TEST(Colorbar, LogScalePlacesDecadesEvenly) {
  const Colorbar bar = make_colorbar(Colormap::Viridis, 0.01, 100.0, true, 64);
  ASSERT_EQ(bar.ticks.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(bar.ticks[i].position, 0.25f * i, 1e-6);
  EXPECT_EQ(bar.ticks[0].label, "0.01");
  EXPECT_EQ(bar.ticks[2].label, "1");
  EXPECT_EQ(bar.ticks[4].label, "100");
  EXPECT_THROW(make_colorbar(Colormap::Viridis, 0.0, 1.0, true, 64), InputError);
  EXPECT_THROW(make_colorbar(Colormap::Viridis, 0.0, 1.0, false, 1), InputError);
}
