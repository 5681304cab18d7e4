#include "app/canvas/colorbar_overlay.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>

#include "app/canvas/layer.hpp"
#include "render/colorbar.hpp"

namespace monge {

float draw_colorbar(ImDrawList* draw, const FieldLegend& legend, float right, float height, ImFont* text_font,
                    float font_px) {
  auto text_size = [&](const std::string& text) { return text_font->CalcTextSizeA(font_px, FLT_MAX, 0.0f, text.c_str()); };
  if (!(legend.hi > legend.lo) || (legend.log_scale && legend.lo <= 0)) return right;
  const float font = font_px;
  const float bar_w = std::max(10.0f, font * 0.9f), bar_h = std::clamp(height * 0.4f, 60.0f, 480.0f);
  const float x1 = right - font * 1.2f, x0 = x1 - bar_w;
  const float y0 = (height - bar_h) * 0.5f, y1 = y0 + bar_h;
  const Colorbar bar = make_colorbar(legend.colormap, legend.lo, legend.hi, legend.log_scale, 128);
  float label_w = text_size(legend.label).x;
  for (const auto& t : bar.ticks) label_w = std::max(label_w, text_size(t.label).x + bar_w);
  const float pad = font * 0.4f;
  draw->AddRectFilled(ImVec2(x0 - label_w - 2 * pad, y0 - 2.2f * font), ImVec2(x1 + pad, y1 + pad),
                      IM_COL32(0, 0, 0, 140), pad);
  // The strip bottom (lo) to top (hi), one gradient quad per pair of neighbouring entries.
  const int n = bar.length;
  auto color = [&](int k) {
    return IM_COL32(bar.rgba[4 * k], bar.rgba[4 * k + 1], bar.rgba[4 * k + 2], 255);
  };
  for (int k = 0; k + 1 < n; ++k) {
    const float ya = y1 - bar_h * k / (n - 1), yb = y1 - bar_h * (k + 1) / (n - 1);
    draw->AddRectFilledMultiColor(ImVec2(x0, yb), ImVec2(x1, ya), color(k + 1), color(k + 1), color(k), color(k));
  }
  draw->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), IM_COL32(255, 255, 255, 120));
  for (const auto& t : bar.ticks) {
    const float y = y1 - bar_h * t.position;
    draw->AddLine(ImVec2(x0 - pad, y), ImVec2(x0, y), IM_COL32(255, 255, 255, 220));
    const ImVec2 size = text_size(t.label);
    draw->AddText(text_font, font_px, ImVec2(x0 - pad * 1.5f - size.x, y - size.y * 0.5f), IM_COL32(255, 255, 255, 230),
                  t.label.c_str());
  }
  const ImVec2 title = text_size(legend.label);
  draw->AddText(text_font, font_px, ImVec2(x1 - title.x, y0 - 1.6f * font), IM_COL32(255, 255, 255, 230), legend.label.c_str());
  return x0 - label_w - 2 * pad;
}

void add_colorbar(const OverlayContext& context, const FieldLegend& legend) {
  *context.colorbar_right =
      draw_colorbar(context.under, legend, *context.colorbar_right, context.area.height, context.font, context.font_px);
}

}  // namespace monge
