#pragma once
// The target measure's points, translucent, in one colour. It does not move: in 2D it is drawn
// once into a cached picture (PointLayer) and composited while the view stands.
// Settings (flat keys): show_target, target_opacity, target_color.
#include <memory>

#include "app/canvas/layer.hpp"

namespace monge {

class PointBuffer;
class PointLayer;

class TargetLayer : public Layer {
 public:
  // Scenes with a target point cloud, unless a target mesh shows it.
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  explicit TargetLayer(const Points& target);
  ~TargetLayer() override;

  std::string name() const override { return "target"; }
  void extend_bounds(glm::vec3& lo, glm::vec3& hi) const override;
  void draw(const DrawContext& context) override;
  bool build_ui() override;
  std::optional<Pick> pick(const DrawContext& context, glm::vec2 pixel, float radius_px) const override;
  std::vector<std::pair<std::string, std::string>> describe(int index) const override;
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;

 private:
  Points points_;
  float opacity_ = 0.35f;
  std::array<float, 3> color_{0.95f, 0.45f, 0.35f};
  std::unique_ptr<PointBuffer> buffer_;  // made on first draw
  std::unique_ptr<PointLayer> cache_;
};

}  // namespace monge
