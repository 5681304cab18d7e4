#pragma once
// What a headless frame shows: one pane per split-view variant of a scene ("compare"), or the
// scene alone, each a Simulation with its SceneCanvas, side by side in equal columns under one
// camera. `monge render` and `monge record` (and the GUI's Record panel) draw through it, so a
// still and a video of the same scene show the same columns, labels and captions.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/canvas/overlay.hpp"
#include "app/canvas/scene_canvas.hpp"
#include "app/scene/simulation.hpp"

namespace monge {

class PaneSet {
 public:
  // Needs a current GL context. Throws InputError for a bad variant or view.
  PaneSet(const Scene& scene, const ViewSettings& view, Backend backend);

  // Every pane's flow, `steps` steps.
  void step(long long steps);
  // Each pane into its column of the bound framebuffer (of vp's size), with the latest state and
  // diagnostics.
  void draw(const Camera& camera, const Viewport& vp, bool transparent = false);
  // The view's camera, or one fitted to the first pane's data in a column of a vp-sized frame.
  Camera camera(const ViewSettings& view, const Viewport& vp) const;
  // The column labels (split views) and the canvas whose captions and colour bars a frame carries.
  const FrameExtras& extras() const { return extras_; }
  const Simulation& first() const { return *panes_.front().sim; }
  std::size_t size() const { return panes_.size(); }

 private:
  struct Pane {
    std::unique_ptr<Simulation> sim;
    std::unique_ptr<SceneCanvas> canvas;
  };
  Viewport column(const Viewport& vp) const;
  std::vector<Pane> panes_;
  FrameExtras extras_;
};

}  // namespace monge
