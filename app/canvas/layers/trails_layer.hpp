#pragma once
// Trails: the last positions of the first particles, as segments fading with age, in the
// particles' colours (the same colormap and colour-by keys as the particles layer, drawn before
// it). Settings (flat keys): trails (positions kept, 0 = none), colormap, color_by.
#include <memory>
#include <vector>

#include "app/canvas/layer.hpp"

namespace monge {

struct LineVertex;

class TrailsLayer : public Layer {
 public:
  // Wherever there are particles (not meshes, not grid flows).
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  explicit TrailsLayer(const Points& start);
  ~TrailsLayer() override;

  std::string name() const override { return "trails"; }
  void set_state(const FlowState& state) override;
  void draw(const DrawContext& context) override;
  bool build_ui() override;
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;

 private:
  void set_length(int length);
  Points start_;                // the first particles' starting positions (their colours)
  ColorBy color_by_ = ColorBy::X;
  Colormap colormap_ = Colormap::Viridis;
  std::vector<float> scalars_;
  glm::vec2 range_{0.0f, 1.0f};
  int length_ = 0;
  int max_particles_ = 2000;
  std::vector<std::vector<glm::vec3>> ring_;  // recent positions of the first particles
  std::size_t head_ = 0, filled_ = 0;
  std::vector<LineVertex> lines_;
};

}  // namespace monge
