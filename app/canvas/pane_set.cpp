#include "app/canvas/pane_set.hpp"

#include "render/gl/frame.hpp"

namespace monge {

PaneSet::PaneSet(const Scene& scene, const ViewSettings& view, Backend backend) {
  if (scene.compare.empty()) {
    panes_.push_back({std::make_unique<Simulation>(scene), nullptr});
  } else {
    for (const SceneVariant& v : scene.compare) {
      panes_.push_back({std::make_unique<Simulation>(variant_scene(scene, v)), nullptr});
      extras_.column_labels.push_back(v.label);
    }
  }
  for (Pane& pane : panes_) {
    pane.sim->set_backend(backend);
    pane.canvas = std::make_unique<SceneCanvas>();
    pane.canvas->set_scene(pane.sim->scene(), view, pane.sim->state());
  }
  for (Pane& pane : panes_) extras_.canvases.push_back(pane.canvas.get());
}

void PaneSet::step(long long steps) {
  for (Pane& pane : panes_)
    for (long long s = 0; s < steps && pane.sim->has_flow(); ++s) pane.sim->step();
}

// The columns share the frame's width equally; a single scene fills it.
Viewport PaneSet::column(const Viewport& vp) const {
  return Viewport{vp.width / static_cast<int>(panes_.size()), vp.height};
}

Camera PaneSet::camera(const ViewSettings& view, const Viewport& vp) const {
  return camera_for(view, *panes_.front().canvas, column(vp));
}

void PaneSet::draw(const Camera& camera, const Viewport& vp, bool transparent) {
  const Viewport cell = column(vp);
  for (std::size_t i = 0; i < panes_.size(); ++i) {
    const int x = static_cast<int>(i) * cell.width;
    // The last column also takes the pixels left over by the integer division.
    const Viewport region{i + 1 == panes_.size() ? vp.width - x : cell.width, cell.height};
    frame::set_region(x, 0, region.width, region.height);
    SceneCanvas& canvas = *panes_[i].canvas;
    canvas.set_state(panes_[i].sim->state());
    const auto& history = panes_[i].sim->history();
    canvas.set_diagnostics(history.empty() ? Diagnostics{} : history.back().values);
    canvas.draw(camera, region, transparent);
  }
  frame::clear_region(vp.width, vp.height);
}

}  // namespace monge
