#include "render/colorbar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "base/errors.hpp"

namespace monge {
namespace {

bool usable(float v, bool positive_only) { return std::isfinite(v) && (!positive_only || v > 0.0f); }

// 10^k as exactly as doubles allow: 10^-3 is computed as 1 / 1000, not 0.001 * 1.
double power_of_ten(int k) { return k >= 0 ? std::pow(10.0, k) : 1.0 / std::pow(10.0, -k); }

ValueRange widen_if_constant(float lo, float hi, bool positive_only) {
  if (lo < hi) return {lo, hi};
  return positive_only ? ValueRange{0.5f * lo, 2.0f * lo} : ValueRange{lo - 0.5f, lo + 0.5f};
}

// The p-th percentile of `v` (linear interpolation between order statistics); reorders `v`.
float percentile(std::vector<float>& v, float percent) {
  const double pos = std::clamp(percent, 0.0f, 100.0f) / 100.0 * static_cast<double>(v.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(below), v.end());
  const float a = v[below];
  if (below + 1 >= v.size()) return a;
  // After nth_element everything past `below` is >= a; the next order statistic is their minimum.
  const float b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(below) + 1, v.end());
  return static_cast<float>(a + (pos - static_cast<double>(below)) * (b - a));
}

bool is_power_of_ten(double v) {
  const double e = std::log10(v);
  return std::abs(e - std::round(e)) < 1e-9;
}

}  // namespace

ValueRange robust_range(const float* values, std::size_t n, float lower_percent, float upper_percent,
                        const std::uint8_t* mask, bool positive_only) {
  const ValueRange fallback = positive_only ? ValueRange{1.0f, 10.0f} : ValueRange{0.0f, 1.0f};
  const bool extremes = lower_percent <= 0.0f && upper_percent >= 100.0f;
  if (extremes) {
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (std::size_t i = 0; i < n; ++i) {
      if ((mask && mask[i]) || !usable(values[i], positive_only)) continue;
      lo = std::min(lo, values[i]);
      hi = std::max(hi, values[i]);
    }
    return lo <= hi ? widen_if_constant(lo, hi, positive_only) : fallback;
  }
  std::vector<float> kept;
  kept.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (!(mask && mask[i]) && usable(values[i], positive_only)) kept.push_back(values[i]);
  if (kept.empty()) return fallback;
  const float lo = percentile(kept, std::min(lower_percent, upper_percent));
  const float hi = percentile(kept, std::max(lower_percent, upper_percent));
  return widen_if_constant(lo, hi, positive_only);
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) return {lo};
  if (!std::isfinite(hi - lo)) return {lo, hi};
  max_ticks = std::max(max_ticks, 2);
  // The smallest candidate is the power of ten just below span / max_ticks; a step of at least
  // span / max_ticks gives at most max_ticks + 1 ticks, so a few candidates up always suffice.
  const int k0 = static_cast<int>(std::floor(std::log10((hi - lo) / max_ticks)));
  for (int k = k0;; ++k) {
    for (const int m : {1, 2, 5}) {
      const double step = m * power_of_ten(k);
      // A relative slack keeps lo = 0.3 from missing the tick 0.3 through rounding.
      const double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
      if (last - first + 1 > max_ticks) continue;
      std::vector<double> ticks;
      for (double i = first; i <= last; i += 1.0) {
        // i * m * 10^k with the power applied last (by division for k < 0) is the closest double
        // to the decimal value: 3 * 0.1 would give 0.30000000000000004.
        const double v = k >= 0 ? i * m * power_of_ten(k) : i * m / power_of_ten(-k);
        ticks.push_back(v == 0.0 ? 0.0 : v);  // no "-0"
      }
      return ticks;
    }
  }
}

std::vector<double> log_ticks(double lo, double hi, int max_ticks) {
  if (lo > hi) std::swap(lo, hi);
  if (!(lo > 0.0) || !std::isfinite(hi)) return nice_ticks(lo, hi, max_ticks);
  const int first = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
  const int last = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
  const int decades = last - first + 1;
  if (decades < 2) return nice_ticks(lo, hi, max_ticks);
  const int stride = (decades + std::max(max_ticks, 2) - 1) / std::max(max_ticks, 2);
  std::vector<double> ticks;
  for (int k = first; k <= last; k += stride) ticks.push_back(power_of_ten(k));
  return ticks;
}

std::string format_tick(double value, double step) {
  if (value == 0.0) return "0";
  char text[32];
  const double magnitude = std::abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    std::snprintf(text, sizeof text, "%.3g", value);
    return text;
  }
  const int decimals = step > 0.0 ? std::clamp(-static_cast<int>(std::floor(std::log10(step) + 1e-9)), 0, 10) : 3;
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

Colorbar make_colorbar(Colormap map, double lo, double hi, bool log_scale, int length, int max_ticks) {
  if (length < 2) throw InputError("colour bar length " + std::to_string(length) + ": need at least 2 pixels");
  if (lo > hi) std::swap(lo, hi);
  if (log_scale && !(lo > 0.0))
    throw InputError("colour bar: a log scale needs a positive range, got lo = " + std::to_string(lo));
  Colorbar bar;
  bar.length = length;
  bar.rgba.resize(static_cast<std::size_t>(length) * 4);
  for (int k = 0; k < length; ++k) {
    const glm::vec3 c = colormap_sample(map, static_cast<float>(k) / static_cast<float>(length - 1));
    for (int ch = 0; ch < 3; ++ch) bar.rgba[4 * k + ch] = static_cast<std::uint8_t>(std::lround(255.0f * c[ch]));
    bar.rgba[4 * k + 3] = 255;
  }
  const std::vector<double> values = log_scale ? log_ticks(lo, hi, max_ticks) : nice_ticks(lo, hi, max_ticks);
  const bool decades = log_scale && std::all_of(values.begin(), values.end(), is_power_of_ten);
  const double step = values.size() >= 2 ? values[1] - values[0] : std::abs(hi - lo);
  for (const double v : values) {
    ColorbarTick tick;
    tick.value = v;
    if (hi == lo)
      tick.position = 0.5f;
    else if (log_scale)
      tick.position = static_cast<float>((std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo)));
    else
      tick.position = static_cast<float>((v - lo) / (hi - lo));
    // A decade is labelled at its own precision (0.001, 0.01, 0.1), a linear tick at the step's.
    tick.label = format_tick(v, decades ? v : step);
    bar.ticks.push_back(std::move(tick));
  }
  return bar;
}

}  // namespace monge
