#pragma once
// Velocity arrows of a particle flow: for a sample of the particles, an arrow along the
// displacement between the two latest states shown, divided by the flow time between them (the
// velocity at the current time, to first order). Arrows are scaled so that the fastest shown is
// 8% of the view's height times `scale`. Off by default.
// Settings: "view": {"velocity": {"show": false, "scale": 1, "max_arrows": 1000}}.
// This layer is the worked example of docs/architecture.md ("Adding a layer").
#include <memory>
#include <vector>

#include "app/canvas/layer.hpp"

namespace monge {

struct LineVertex;

class VelocityLayer : public Layer {
 public:
  // Particle flows (not meshes, not grids).
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  VelocityLayer();
  ~VelocityLayer() override;

  std::string name() const override { return "velocity"; }
  void set_state(const FlowState& state) override;
  void draw(const DrawContext& context) override;
  bool build_ui() override;
  void load_settings(const ViewSettings& view) override;
  void store_settings(ViewSettings& view) const override;

  // The sampled particles' velocities, rows matching sample(): what draw() turns into arrows.
  const Points& velocities() const { return velocity_; }
  const Points& sample() const { return now_; }

 private:
  void take_sample(const Points& points, Points& out) const;
  float scale_ = 1.0f;
  int max_arrows_ = 1000;
  Points before_, now_, velocity_;  // sampled positions at the last two states, and their velocity
  double before_time_ = 0.0, now_time_ = 0.0;
  bool have_before_ = false;
  std::vector<LineVertex> lines_;
};

}  // namespace monge
