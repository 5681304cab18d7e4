#pragma once
// The point the user picked (app/gui: click in the window): a ring around it, following it as
// the flow moves it, and its trajectory through the stored frames (the timeline), drawn over the
// scene. Nothing to persist: a selection belongs to the session.
#include <memory>
#include <optional>
#include <vector>

#include "app/canvas/layer.hpp"

namespace monge {

struct LineVertex;

class SelectionLayer : public Layer {
 public:
  // Every scene with points to pick.
  static std::unique_ptr<Layer> make(const LayerSetup& setup);
  ~SelectionLayer() override;

  std::string name() const override { return "selection"; }
  bool listed() const override { return false; }  // the inspection panel shows it
  void set_state(const FlowState& state) override;
  void draw(const DrawContext& context) override;

  // Select point `index` of layer `layer` at `position` (nullopt: clear). A point of the
  // particles or mesh layer moves with the flow's states; a target point stays.
  void select(const std::optional<Pick>& pick);
  const std::optional<Pick>& selected() const { return selected_; }
  // The selected point's positions through the stored frames, oldest first.
  void set_trajectory(std::vector<glm::vec3> trajectory) { trajectory_ = std::move(trajectory); }

 private:
  std::optional<Pick> selected_;
  std::vector<glm::vec3> trajectory_;
  std::vector<LineVertex> lines_;
};

}  // namespace monge
