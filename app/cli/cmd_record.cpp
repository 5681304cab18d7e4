// monge record SCENE.json -o OUT [--fps 30] [--size 1280x720] [--seconds S | --steps N] [--stride K] [--ui|--no-ui]
//              [--transparent]
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/progress_line.hpp"
#include "app/cli/record_scene.hpp"
#include "app/canvas/recording.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {
// Ctrl-C or a kill cancels cleanly: the partial output is removed before exiting.
std::atomic<int> g_stop_signal{0};
void request_stop(int signal) { g_stop_signal = signal; }
}  // namespace

int cmd_record(const CommandArgs& argv) {
  Args args("monge record SCENE.json -o OUT [options]",
            "Records a scene's flow headless (EGL, no display). OUT ending in .mp4 is H.264, .gif a\n"
            "palette-optimised GIF, .webm VP9, .mov ProRes 4444, anything else a folder of numbered\n"
            "PNGs; --transparent keeps the background transparent (.webm, .mov, PNGs). Frame k is the state\n"
            "after k * stride steps, so the same scene and seed always give the same frames.\n"
            "Length: --seconds S gives round(S * fps) frames; --steps N gives the frames of steps\n"
            "0, stride, ..., N (N / stride + 1 frames). The output appears only when complete.");
  args.positional("SCENE.json", "scene file")
      .option("-o", "OUT", "output: .mp4, .gif, .webm, .mov, or a folder")
      .option("--fps", "F", "frames per second of the video", "30")
      .option("--size", "WxH", "frame size in pixels", "1280x720")
      .option("--seconds", "S", "video length in seconds")
      .option("--steps", "N", "flow steps to cover")
      .option("--stride", "K", "flow steps between frames", "1")
      .option("--backend", "B", "auto (CUDA when a device is usable), cpu or cuda", "auto")
      .flag("--ui", "draw the info panel (scene, step, time, diagnostics) and captions")
      .flag("--no-ui", "draw the scene only (captions still show) [default]")
      .flag("--transparent", "transparent background, for slides: alpha kept in .webm (VP9 yuva420p), .mov (ProRes\n"
                             "4444 yuva444p10le) and PNG frames")
      .flag("--progress", "show the progress line on stderr also when it is not a terminal");
  if (!args.parse(argv)) return 0;
  if (!args.has("-o")) throw InputError("-o: required (OUT.mp4, OUT.gif, OUT.webm, OUT.mov or a folder)");
  if (args.has("--ui") && args.has("--no-ui")) throw InputError("--ui and --no-ui exclude each other");
  RecordOptions options;
  options.out = args.get("-o");
  std::tie(options.width, options.height) = args.size("--size");
  options.fps = args.number("--fps", 0.1, 240.0);
  options.stride = args.integer("--stride", 1, 1'000'000);
  options.backend = parse_backend(args.get("--backend"), "--backend");
  options.transparent = args.has("--transparent");
  std::optional<double> seconds;
  std::optional<long long> steps;
  if (args.has("--seconds")) seconds = args.number("--seconds", 0.0, 86400.0);
  if (args.has("--steps")) steps = args.integer("--steps", 0, 1'000'000'000);
  options.frames = record_frame_count(seconds, steps, options.fps, options.stride, "--");
  const Scene scene = load_scene(args.get("SCENE.json"));
  check_recording(scene, options, "--");

  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  ProgressLine progress("monge record", "frame", options.frames, progress_mode(args.has("--progress"), false));
  long long frames_done = 0;
  if (!record_scene(scene, options, args.has("--ui"), [] { return g_stop_signal != 0; }, &progress, &frames_done)) {
    std::fprintf(stderr, "monge: recording cancelled after %lld of %lld frames; nothing was written\n", frames_done,
                 options.frames);
    return 128 + g_stop_signal;
  }
  std::fprintf(stderr, "monge: wrote %s (%lld frames, %dx%d, %g fps)\n", options.out.c_str(), options.frames,
               options.width, options.height, options.fps);
  return 0;
}

}  // namespace monge
