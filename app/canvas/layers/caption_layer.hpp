#pragma once
// The scene's timed captions ("captions": [{"at": t, "until": u, "text": ...}]), centred near the
// bottom of the frame, over everything, in the window and in recordings alike.
#include <memory>
#include <vector>

#include "app/canvas/layer.hpp"

namespace monge {

// The caption showing at flow time t, or nullptr: the latest one with at <= t, until its
// "until" (or the next caption's "at").
const Caption* caption_at(const std::vector<Caption>& captions, double t);

// Draw the caption showing at time t centred near the bottom of a width x height area (ImGui
// units), in `font` at 1.25 times `font_px`.
void draw_caption(ImDrawList* draw, const std::vector<Caption>& captions, double t, float width, float height,
                  ImFont* font, float font_px);

class CaptionLayer : public Layer {
 public:
  // Scenes with captions.
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  explicit CaptionLayer(std::vector<Caption> captions) : captions_(std::move(captions)) {}

  std::string name() const override { return "captions"; }
  void draw(const DrawContext& /*context*/) override {}
  void draw_overlay(const OverlayContext& context) override;

 private:
  std::vector<Caption> captions_;
};

}  // namespace monge
