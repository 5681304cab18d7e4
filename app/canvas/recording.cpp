#include "app/canvas/recording.hpp"

#include "app/canvas/offscreen.hpp"
#include "render/gl/frame.hpp"

namespace monge {

Recording::Recording(const Scene& scene, const ViewSettings& view, std::optional<Camera> camera,
                     const RecordOptions& options, FrameOverlay overlay)
    : view_(view), options_(options), overlay_(std::move(overlay)) {
  if (options_.frames < 1) throw std::runtime_error("nothing to record: 0 frames");
  if (options_.stride < 1) throw std::runtime_error("--stride must be at least 1");
  if (scene.compare.empty()) {
    panes_.push_back({"", std::make_unique<Simulation>(scene), nullptr});
  } else {
    for (const SceneVariant& v : scene.compare) {
      panes_.push_back({v.label, std::make_unique<Simulation>(variant_scene(scene, v)), nullptr});
      extras_.column_labels.push_back(v.label);
    }
  }
  for (Pane& pane : panes_) pane.sim->set_backend(options_.backend);
  target_ = std::make_unique<Framebuffer>(options_.width, options_.height);
  for (Pane& pane : panes_) {
    pane.canvas = std::make_unique<SceneCanvas>();
    pane.canvas->set_scene(pane.sim->scene(), view_, pane.sim->state());
  }
  extras_.canvas = panes_.front().canvas.get();
  camera_ = camera ? *camera : camera_for(view_, *panes_.front().canvas, cell());
  readback_ = std::make_unique<AsyncReadback>(options_.width, options_.height);
  writer_ = std::make_unique<VideoWriter>(options_.out, options_.width, options_.height, options_.fps);
  start_ = std::chrono::steady_clock::now();
}

Recording::~Recording() {
  if (writer_) writer_->cancel();
}

// The columns share the frame's width equally; a single scene fills it.
Viewport Recording::cell() const {
  return Viewport{options_.width / static_cast<int>(panes_.size()), options_.height};
}

void Recording::write_ready(const Image& frame) { writer_->write(frame); }

bool Recording::advance() {
  if (next_frame_ >= options_.frames) return false;
  if (next_frame_ > 0)
    for (Pane& pane : panes_)
      for (long long s = 0; s < options_.stride; ++s) pane.sim->step();
  const Viewport vp{options_.width, options_.height};
  const Viewport column = cell();
  target_->bind();
  for (std::size_t i = 0; i < panes_.size(); ++i) {
    const int x = static_cast<int>(i) * column.width;
    // The last column also takes the pixels left over by the integer division.
    const Viewport region{i + 1 == panes_.size() ? vp.width - x : column.width, column.height};
    frame::set_region(x, 0, region.width, region.height);
    SceneCanvas& canvas = *panes_[i].canvas;
    canvas.set_state(panes_[i].sim->state());
    const auto& history = panes_[i].sim->history();
    canvas.set_diagnostics(history.empty() ? Diagnostics{} : history.back().values);
    canvas.draw(camera_, region);
  }
  frame::clear_region(vp.width, vp.height);
  if (overlay_) overlay_(*panes_.front().sim, vp, extras_);
  if (readback_->request(ready_)) write_ready(ready_);
  ++next_frame_;
  return next_frame_ < options_.frames;
}

void Recording::finish() {
  while (readback_->collect(ready_)) write_ready(ready_);
  writer_->finish();
  writer_.reset();
}

void Recording::cancel() {
  if (writer_) writer_->cancel();
  writer_.reset();
}

double Recording::seconds_left() const {
  if (next_frame_ == 0) return 0.0;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return elapsed / static_cast<double>(next_frame_) * static_cast<double>(options_.frames - next_frame_);
}

}  // namespace monge
