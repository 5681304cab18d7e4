#include "app/cli/record_scene.hpp"

#include <cmath>
#include <sstream>

#include "app/canvas/overlay.hpp"
#include "app/scene/json_node.hpp"
#include "app/scene/view_settings.hpp"
#include "base/errors.hpp"
#include "render/gl/egl_context.hpp"

namespace monge {

long long record_frame_count(const std::optional<double>& seconds, const std::optional<long long>& steps, double fps,
                             long long stride, const std::string& prefix) {
  if (seconds.has_value() == steps.has_value())
    throw InputError("give exactly one of " + prefix + "seconds S or " + prefix + "steps N");
  const long long frames = seconds ? std::llround(*seconds * fps) : *steps / stride + 1;
  if (frames < 1) {
    std::ostringstream s;
    s << prefix << "seconds: too short for one frame at " << fps << " fps";
    throw InputError(s.str());
  }
  if (frames > 1'000'000) throw InputError("more than 10^6 frames requested");
  return frames;
}

void check_recording(const Scene& scene, const RecordOptions& options, const std::string& prefix) {
  if (video_format_for(options.out) == VideoFormat::Mp4 && (options.width % 2 || options.height % 2))
    throw InputError(prefix + "size: H.264 MP4 needs an even width and height, got " + std::to_string(options.width) +
                     "x" + std::to_string(options.height));
  if (options.transparent && !format_keeps_alpha(video_format_for(options.out)))
    throw InputError(prefix + "transparent: " + options.out.string() +
                     " cannot keep an alpha channel (MP4 and GIF have none): use .webm (VP9), .mov (ProRes 4444) or "
                     "a folder of PNGs");
  if (scene.flow.is_null() && options.frames > 1)
    throw InputError(scene.file_label + ": flow: missing field (nothing moves to record)");
}

bool record_scene(const Scene& scene, const RecordOptions& options, bool ui, const std::function<bool()>& stop,
                  ProgressLine* progress, long long* frames_done) {
  const ViewSettings view = parse_view(JsonNode(scene.view, scene.file_label, "view"), scene.dim);
  EglContext context;
  HeadlessOverlay overlay(ui);
  Recording recording(scene, view, std::nullopt, options,
                      [&](const Simulation& sim, const Viewport& vp, const FrameExtras& extras) { overlay.draw(sim, vp, extras); });
  while (recording.advance()) {
    if (frames_done) *frames_done = recording.frames_done();
    if (progress) progress->update(recording.frames_done(), {}, recording.seconds_left());
    if (stop && stop()) {
      recording.cancel();
      if (progress) progress->finish();
      return false;
    }
  }
  if (progress) progress->update(recording.frames_done(), {}, 0);
  recording.finish();
  if (frames_done) *frames_done = recording.frames_done();
  if (progress) progress->finish();
  return true;
}

}  // namespace monge
