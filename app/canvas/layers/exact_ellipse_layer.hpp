#pragma once
// Covariance ellipses of flows with an exact Gaussian solution (Fokker-Planck with a quadratic
// potential): the particles' computed ellipse (yellow) under the exact one (white, dashed), both
// at 2 standard deviations, read from the step's diagnostics mean_x, mean_y, cov_xx, cov_xy,
// cov_yy and their exact_ twins. Shown only for the live state (a stored frame has no exact
// solution attached). Settings (flat key): ellipses.
#include <memory>
#include <optional>
#include <vector>

#include "app/canvas/layer.hpp"
#include "app/canvas/layers/ellipse_lines.hpp"

namespace monge {

class ExactEllipseLayer : public Layer {
 public:
  // 2D particle scenes (the diagnostics decide, step by step, whether there is anything to draw).
  static std::unique_ptr<Layer> make(const LayerSetup& setup);

  std::string name() const override { return "exact solution"; }
  void set_diagnostics(const Diagnostics& diagnostics) override;
  bool listed() const override { return ever_exact_; }
  void draw(const DrawContext& context) override;
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;

 private:
  std::optional<Gaussian2> computed_, exact_;
  bool ever_exact_ = false;  // listed in the panel once the flow has shown an exact solution
  std::vector<LineVertex> lines_;
};

}  // namespace monge
