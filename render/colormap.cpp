#include "render/colormap.hpp"

#include <algorithm>
#include <cmath>

#include "base/errors.hpp"

namespace monge {
namespace {

const float kTables[kColormapCount][kColormapSize * 3] = {
#include "render/colormap_tables.inc"
};

constexpr std::array<std::string_view, kColormapCount> kNames = {
    "viridis",   "magma",   "turbo",   "coolwarm",   "plasma",   "inferno",   "cividis",   "twilight",   "RdBu",
    "viridis_r", "magma_r", "turbo_r", "coolwarm_r", "plasma_r", "inferno_r", "cividis_r", "twilight_r", "RdBu_r"};

}  // namespace

std::string_view colormap_name(Colormap map) { return kNames[static_cast<int>(map)]; }

std::vector<std::string> colormap_names() { return std::vector<std::string>(kNames.begin(), kNames.end()); }

Colormap colormap_from_name(std::string_view name) {
  for (int i = 0; i < kColormapCount; ++i)
    if (kNames[i] == name) return static_cast<Colormap>(i);
  std::string known;
  for (auto n : kNames) known += (known.empty() ? "" : ", ") + std::string(n);
  throw InputError("unknown colormap \"" + std::string(name) + "\" (expected one of: " + known + ")");
}

const float* colormap_table(Colormap map) { return kTables[static_cast<int>(map)]; }

glm::vec3 colormap_sample(Colormap map, float t) {
  if (!std::isfinite(t)) t = 0.0f;
  const float x = std::clamp(t, 0.0f, 1.0f) * (kColormapSize - 1);
  const int i = std::min(static_cast<int>(x), kColormapSize - 2);
  const float f = x - static_cast<float>(i);
  const float* table = colormap_table(map);
  const glm::vec3 a(table[3 * i], table[3 * i + 1], table[3 * i + 2]);
  const glm::vec3 b(table[3 * i + 3], table[3 * i + 4], table[3 * i + 5]);
  return a + f * (b - a);
}

}  // namespace monge
