#include "app/canvas/layers/caption_layer.hpp"

#include <imgui.h>

#include <cmath>

namespace monge {

const Caption* caption_at(const std::vector<Caption>& captions, double t) {
  const Caption* current = nullptr;
  for (std::size_t i = 0; i < captions.size(); ++i) {
    const Caption& c = captions[i];
    if (c.at > t) continue;
    const double end = c.until >= 0 ? c.until : (i + 1 < captions.size() ? captions[i + 1].at : INFINITY);
    if (t < end && (!current || c.at >= current->at)) current = &c;
  }
  return current;
}

void draw_caption(ImDrawList* draw, const std::vector<Caption>& captions, double t, float width, float height,
                  ImFont* font, float font_px) {
  const Caption* c = caption_at(captions, t);
  if (!c || c->text.empty()) return;
  const float size = font_px * 1.25f;
  const float wrap = width * 0.8f;
  const ImVec2 text = font->CalcTextSizeA(size, FLT_MAX, wrap, c->text.c_str());
  const float pad = size * 0.5f;
  const ImVec2 at((width - text.x) * 0.5f, height - text.y - 3.0f * size);
  draw->AddRectFilled(ImVec2(at.x - pad, at.y - pad), ImVec2(at.x + text.x + pad, at.y + text.y + pad),
                      IM_COL32(0, 0, 0, 170), pad);
  draw->AddText(font, size, at, IM_COL32(255, 255, 255, 255), c->text.c_str(), nullptr, wrap);
}

std::unique_ptr<Layer> CaptionLayer::make(const LayerSetup& setup) {
  if (setup.scene.captions.empty()) return nullptr;
  return std::make_unique<CaptionLayer>(setup.scene.captions);
}

void CaptionLayer::draw_overlay(const OverlayContext& context) {
  if (context.area.captions)
    draw_caption(context.over, captions_, context.time, context.area.frame_width, context.area.height, context.font,
                 context.font_px);
}

}  // namespace monge
