#pragma once
// The checks and the frame loop of `monge record`, shared by the CLI (app/cli/cmd_record.cpp) and
// the Python module (monge.record), so both accept the same requests with the same messages and
// write the same frames. Messages spell options with `prefix` before the name: "--" on the command
// line ("--size: ..."), "" for Python's keyword arguments ("size: ...").
#include <functional>
#include <optional>
#include <string>

#include "app/canvas/recording.hpp"
#include "app/cli/progress_line.hpp"
#include "app/scene/scene.hpp"

namespace monge {

// The frames of a recording of length `seconds` (round(seconds * fps)) or covering `steps` flow
// steps (steps / stride + 1); exactly one of them is given. Throws InputError: neither or both,
// less than one frame, more than 10^6.
long long record_frame_count(const std::optional<double>& seconds, const std::optional<long long>& steps, double fps,
                             long long stride, const std::string& prefix);

// Throws InputError when `options` cannot record `scene`: an H.264 MP4 of odd width or height,
// more than one frame of a scene without a flow.
void check_recording(const Scene& scene, const RecordOptions& options, const std::string& prefix);

// Records `scene` with `options` headless: an EGL context of its own, the info panel drawn when
// `ui`. After each frame `progress` (may be null) is updated and `stop` (may be empty) is asked;
// when it says stop the partial output is removed and false returned (`frames_done` tells how far
// it got). True when the output is written whole.
bool record_scene(const Scene& scene, const RecordOptions& options, bool ui, const std::function<bool()>& stop,
                  ProgressLine* progress, long long* frames_done = nullptr);

}  // namespace monge
