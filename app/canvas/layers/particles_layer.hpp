#pragma once
// The moving particles, coloured through a colormap by a scalar of their *starting* position
// (so the transport stays visible as they move) or by their speed, with an optional colour bar.
// Large 2D clouds are drawn on the CPU (SplatLayer) in a window on a software rasteriser, where
// that is ten times cheaper than GL points.
// Settings (flat keys): show_source, colormap, color_by, colorbar.
#include <memory>
#include <vector>

#include "app/canvas/colorbar_overlay.hpp"
#include "app/canvas/layer.hpp"

namespace monge {

class PointBuffer;
class SplatLayer;

class ParticlesLayer : public Layer {
 public:
  // Particle scenes: not a mesh's vertices, nor the particles of a grid flow (its density moves,
  // not them: drawing them would only hide it).
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  explicit ParticlesLayer(const Points& start);
  ~ParticlesLayer() override;

  std::string name() const override { return "particles"; }
  void set_state(const FlowState& state) override;
  std::size_t uploaded_bytes() const override { return uploaded_; }
  void extend_bounds(glm::vec3& lo, glm::vec3& hi) const override;
  void draw(const DrawContext& context) override;
  void draw_overlay(const OverlayContext& context) override;
  bool build_ui() override;
  std::optional<Pick> pick(const DrawContext& context, glm::vec2 pixel, float radius_px) const override;
  std::vector<std::pair<std::string, std::string>> describe(int index) const override;
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;

  // The colour bar of the colouring (drawn when "colorbar" is on).
  FieldLegend legend() const;
  // The colouring: colormap, one scalar per particle, and their range.
  Colormap colormap() const { return colormap_; }
  const std::vector<float>& scalars() const { return scalars_; }
  glm::vec2 scalar_range() const { return range_; }
  const Points& start() const { return start_; }
  const Points& positions() const { return now_; }

 private:
  void recolour();
  void measure_speed();
  Points start_, now_;         // positions at the start and as last shown
  Points before_;              // the previous state's positions (colour by speed)
  double now_time_ = 0.0, before_time_ = 0.0;
  float fastest_ = 0.0f;       // the top of the speed colour scale: the fastest seen since the scene loaded
  bool show_colorbar_ = false;
  ColorBy color_by_ = ColorBy::X;
  Colormap colormap_ = Colormap::Viridis;
  std::vector<float> scalars_;
  glm::vec2 range_{0.0f, 1.0f};
  std::unique_ptr<PointBuffer> buffer_;   // made on first use (needs GL)
  std::unique_ptr<SplatLayer> splat_;
  bool positions_dirty_ = true, colours_dirty_ = true;
  std::size_t uploaded_ = 0;
};

}  // namespace monge
