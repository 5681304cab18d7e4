#pragma once
// The density field of a 2D scene, with its colour bar: a grid flow's density (always drawn,
// under everything), or the particles shown as a kernel density estimate ("density": "kde").
// Settings (flat keys): density, field_colormap, field_range, field_log.
#include <memory>
#include <optional>

#include "app/canvas/colorbar_overlay.hpp"
#include "app/canvas/layer.hpp"

namespace monge {

class FieldTexture;

class DensityLayer : public Layer {
 public:
  // A 2D scene: a grid flow's first state carries its grid, else its particles can show as a KDE.
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  explicit DensityLayer(bool grid_flow);
  ~DensityLayer() override;

  std::string name() const override { return "density"; }
  void set_state(const FlowState& state) override;
  void extend_bounds(glm::vec3& lo, glm::vec3& hi) const override;
  void draw(const DrawContext& context) override;
  void draw_overlay(const OverlayContext& context) override;
  bool build_ui() override;
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;

  // Whether the flow moves this grid (a grid flow), rather than particles.
  bool grid_flow() const { return grid_flow_; }
  // The colour scale of the last draw, if it drew a field.
  const std::optional<FieldLegend>& legend() const { return legend_; }

 private:
  bool grid_flow_ = false;
  bool particle_density_ = false;        // "density": "kde"
  Colormap colormap_ = Colormap::Magma;
  std::optional<std::array<float, 2>> range_;  // absent: "auto"
  bool log_scale_ = false;

  DensityGrid grid_;            // the flow's grid, or the particles' KDE
  Points particles_;            // 2D positions kept for the KDE while it is shown
  bool dirty_ = true;
  bool kde_shown_ = false;      // the last draw showed the particles' density
  float peak_ = 0.0f;           // largest density seen since the scene loaded ("auto" grows only)
  std::unique_ptr<FieldTexture> texture_;
  std::optional<FieldLegend> legend_;
};

}  // namespace monge
