#pragma once
// Colour-scale maths for scalar fields, no GL (monge_render_core): a robust value range, "nice" tick
// values (1, 2, 5 x 10^k) and the colour bar as plain data, an RGBA strip plus ticks, which the
// app draws with ImGui. Contents: ValueRange and robust_range, nice_ticks and log_ticks,
// format_tick, Colorbar and make_colorbar.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "render/colormap.hpp"

namespace monge {

struct ValueRange {
  float lo = 0.0f;
  float hi = 1.0f;
};

// The range of `n` values for the colour scale: the `lower_percent` and `upper_percent`
// percentiles (0 and 100 give min and max; linear interpolation between order statistics, as
// numpy.percentile). Non-finite values and cells with mask[i] != 0 are skipped; with
// `positive_only` (for a log scale) so are values <= 0. A constant field gives [v - 0.5, v + 0.5]
// (or [v / 2, 2 v] when positive_only), no usable value gives [0, 1] ([1, 10]). Percentiles other
// than 0/100 copy the values once (O(n) with nth_element); min..max does not allocate.
ValueRange robust_range(const float* values, std::size_t n, float lower_percent = 0.0f, float upper_percent = 100.0f,
                        const std::uint8_t* mask = nullptr, bool positive_only = false);

// Tick values between lo and hi (inclusive, either order): multiples of the smallest step
// m * 10^k, m in {1, 2, 5}, that gives at most max_ticks (>= 2) ticks. Empty if lo or hi is not
// finite; one tick if lo == hi.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks = 6);
// Ticks for a log scale on [lo, hi], 0 < lo < hi: the powers of ten inside (every k-th decade
// when there are more than max_ticks), or nice_ticks when fewer than two decades fall inside.
std::vector<double> log_ticks(double lo, double hi, int max_ticks = 6);
// A short label for a tick: fixed notation with as many decimals as `step` needs
// (0.25 with step 0.05 -> "0.25"), scientific ("1e-05", "2.5e+06") outside [1e-3, 1e5).
std::string format_tick(double value, double step);

struct ColorbarTick {
  double value = 0.0;
  float position = 0.0f;  // along the bar, 0 at lo and 1 at hi (log-spaced on a log scale)
  std::string label;
};

struct Colorbar {
  int length = 0;                   // pixels along the bar
  std::vector<std::uint8_t> rgba;   // length x 1 RGBA8 strip, entry 0 = lo end, alpha 255
  std::vector<ColorbarTick> ticks;  // ascending
};

// The colour bar of a field drawn with `map` on [lo, hi] (log_scale as FieldStyle::log_scale).
// The strip samples the colormap uniformly (the field shader maps log values linearly too), so
// only the tick positions depend on the scale. Throws InputError if length < 2, or if log_scale
// and lo <= 0.
Colorbar make_colorbar(Colormap map, double lo, double hi, bool log_scale, int length, int max_ticks = 6);

}  // namespace monge
