#pragma once
// Colormaps for scalars: matplotlib's viridis, magma, turbo, coolwarm, plasma, inferno, cividis,
// twilight (cyclic) and RdBu (diverging), and each reversed ("viridis_r", ...), as 256-entry
// tables (render/colormap_tables.inc, generated from matplotlib by scripts/make_colormaps.py).
// No GL here.
#include <array>
#include <glm/glm.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace monge {

enum class Colormap {
  Viridis = 0, Magma, Turbo, Coolwarm, Plasma, Inferno, Cividis, Twilight, RdBu,
  ViridisR, MagmaR, TurboR, CoolwarmR, PlasmaR, InfernoR, CividisR, TwilightR, RdBuR,
};
constexpr int kColormapCount = 18;
constexpr int kColormapSize = 256;

std::string_view colormap_name(Colormap map);
// Every name, in the order of the enum ("viridis", ..., "RdBu", "viridis_r", ..., "RdBu_r").
std::vector<std::string> colormap_names();
// Parse a name ("viridis", ...); throws InputError listing the known names.
Colormap colormap_from_name(std::string_view name);
// The 256 RGB entries, 768 floats in [0, 1].
const float* colormap_table(Colormap map);
// Colour at t in [0, 1] (clamped), linearly interpolated between table entries.
glm::vec3 colormap_sample(Colormap map, float t);

}  // namespace monge
