#include "app/canvas/widgets.hpp"

#include <imgui.h>

namespace monge {

bool colormap_combo(const char* label, Colormap& colormap) {
  bool changed = false;
  if (ImGui::BeginCombo(label, colormap_name(colormap).data())) {
    for (int i = 0; i < kColormapCount; ++i)
      if (ImGui::Selectable(colormap_name(static_cast<Colormap>(i)).data(), i == static_cast<int>(colormap))) {
        colormap = static_cast<Colormap>(i);
        changed = true;
      }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace monge
