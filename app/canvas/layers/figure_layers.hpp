#pragma once
// The pictures a flow offers besides its particles (FlowState::figures, solvers/common/figures.hpp),
// one layer per named entry of its first state:
//   EllipseSetLayer   K Gaussians as 2-standard-deviation ellipses (2D) or ellipsoids (3D),
//                     coloured by their values through the colormap, or in the set's colour
//   ArrowSetLayer     arrows tail -> head (a vector field, a transport map), at most a sixth of the
//                     view long
//   ScalarFieldLayer  a named 2D field with its colour bar (diverging fields centred on 0); the
//                     flow's first field shows, the others start switched off (fields are opaque)
// Settings: "view": {"figures": {"<name>": {"show": true, "opacity": 1}}}.
#include <memory>
#include <vector>

#include "app/canvas/colorbar_overlay.hpp"
#include "app/canvas/layer.hpp"

namespace monge {

class FieldTexture;
struct LineVertex;

// What every figure layer shares: its entry's name, and show/opacity kept in the "figures" section.
class FigureLayer : public Layer {
 public:
  explicit FigureLayer(std::string figure) : figure_(std::move(figure)) {}
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;
  bool build_ui() override;

 protected:
  std::string figure_;
  float opacity_ = 1.0f;
};

class EllipseSetLayer : public FigureLayer {
 public:
  static std::vector<std::unique_ptr<Layer>> make_all(const LayerSetup& setup);
  using FigureLayer::FigureLayer;
  ~EllipseSetLayer() override;
  std::string name() const override { return "ellipses: " + figure_; }
  void set_state(const FlowState& state) override;
  void extend_bounds(glm::vec3& lo, glm::vec3& hi) const override;
  void draw(const DrawContext& context) override;

 private:
  EllipseSet set_;
  std::vector<LineVertex> lines_;
};

class ArrowSetLayer : public FigureLayer {
 public:
  static std::vector<std::unique_ptr<Layer>> make_all(const LayerSetup& setup);
  using FigureLayer::FigureLayer;
  ~ArrowSetLayer() override;
  std::string name() const override { return "arrows: " + figure_; }
  void set_state(const FlowState& state) override;
  void draw(const DrawContext& context) override;

 private:
  ArrowSet set_;
  std::vector<LineVertex> lines_;
};

class ScalarFieldLayer : public FigureLayer {
 public:
  static std::vector<std::unique_ptr<Layer>> make_all(const LayerSetup& setup);
  using FigureLayer::FigureLayer;
  ~ScalarFieldLayer() override;
  std::string name() const override { return "field: " + figure_; }
  void set_state(const FlowState& state) override;
  void extend_bounds(glm::vec3& lo, glm::vec3& hi) const override;
  void draw(const DrawContext& context) override;
  void draw_overlay(const OverlayContext& context) override;

 private:
  ScalarField field_;
  bool dirty_ = true;
  float extent_ = 0.0f;  // largest |value| (diverging) or value seen since the scene loaded
  std::unique_ptr<FieldTexture> texture_;
  std::optional<FieldLegend> legend_;
};

// Arrow segments (shaft and a two-stroke head a quarter of its length) from `tail` to `head`;
// the head's strokes lie in the plane of the arrow and `side` (the view's normal in 3D).
void append_arrow(const glm::vec3& tail, const glm::vec3& head, const glm::vec3& side, const glm::vec4& color,
                  std::vector<LineVertex>& out);

}  // namespace monge
