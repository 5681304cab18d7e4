#include "app/canvas/recording.hpp"

#include "render/gl/frame.hpp"

namespace monge {

Recording::Recording(const Scene& scene, const ViewSettings& view, std::optional<Camera> camera,
                     const RecordOptions& options, FrameOverlay overlay)
    : options_(options), overlay_(std::move(overlay)) {
  if (options_.frames < 1) throw std::runtime_error("nothing to record: 0 frames");
  if (options_.stride < 1) throw std::runtime_error("--stride must be at least 1");
  target_ = std::make_unique<Framebuffer>(options_.width, options_.height);
  panes_ = std::make_unique<PaneSet>(scene, view, options_.backend);
  camera_ = camera ? *camera : panes_->camera(view, Viewport{options_.width, options_.height});
  readback_ = std::make_unique<AsyncReadback>(options_.width, options_.height);
  writer_ = std::make_unique<VideoWriter>(options_.out, options_.width, options_.height, options_.fps,
                                          options_.transparent);
  start_ = std::chrono::steady_clock::now();
}

Recording::~Recording() {
  if (writer_) writer_->cancel();
}

void Recording::write_ready(const Image& frame) { writer_->write(frame); }

bool Recording::advance() {
  if (next_frame_ >= options_.frames) return false;
  if (next_frame_ > 0) panes_->step(options_.stride);
  const Viewport vp{options_.width, options_.height};
  target_->bind();
  panes_->draw(camera_, vp, options_.transparent);
  if (overlay_) overlay_(panes_->first(), vp, panes_->extras());
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
