// monge record SCENE.json -o OUT [--fps 30] [--size 1280x720] [--seconds S | --steps N] [--stride K] [--ui|--no-ui]
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/canvas/offscreen.hpp"
#include "app/canvas/overlay.hpp"
#include "app/canvas/recording.hpp"
#include "render/gl/egl_context.hpp"
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
            "palette-optimised GIF, anything else a folder of numbered PNGs. Frame k is the state\n"
            "after k * stride steps, so the same scene and seed always give the same frames.\n"
            "Length: --seconds S gives round(S * fps) frames; --steps N gives the frames of steps\n"
            "0, stride, ..., N (N / stride + 1 frames). The output appears only when complete.");
  args.positional("SCENE.json", "scene file")
      .option("-o", "OUT", "output: .mp4, .gif, or a folder")
      .option("--fps", "F", "frames per second of the video", "30")
      .option("--size", "WxH", "frame size in pixels", "1280x720")
      .option("--seconds", "S", "video length in seconds")
      .option("--steps", "N", "flow steps to cover")
      .option("--stride", "K", "flow steps between frames", "1")
      .option("--backend", "B", "auto (CUDA when a device is usable), cpu or cuda", "auto")
      .flag("--ui", "draw the info panel (scene, step, time, diagnostics) and captions")
      .flag("--no-ui", "draw the scene only (captions still show) [default]");
  if (!args.parse(argv)) return 0;
  if (!args.has("-o")) throw InputError("-o: required (OUT.mp4, OUT.gif or a folder)");
  if (args.has("--seconds") == args.has("--steps")) throw InputError("give exactly one of --seconds S or --steps N");
  if (args.has("--ui") && args.has("--no-ui")) throw InputError("--ui and --no-ui exclude each other");
  RecordOptions options;
  options.out = args.get("-o");
  std::tie(options.width, options.height) = args.size("--size");
  options.fps = args.number("--fps", 0.1, 240.0);
  options.stride = args.integer("--stride", 1, 1'000'000);
  options.backend = parse_backend(args.get("--backend"), "--backend");
  if (args.has("--seconds")) {
    options.frames = std::llround(args.number("--seconds", 0.0, 86400.0) * options.fps);
  } else {
    options.frames = args.integer("--steps", 0, 1'000'000'000) / options.stride + 1;
  }
  if (options.frames < 1) throw InputError("--seconds: too short for one frame at " + args.get("--fps") + " fps");
  if (options.frames > 1'000'000) throw InputError("more than 10^6 frames requested");
  if (video_format_for(options.out) == VideoFormat::Mp4 && (options.width % 2 || options.height % 2))
    throw InputError("--size: H.264 MP4 needs an even width and height, got " + args.get("--size"));

  const Scene scene = load_scene(args.get("SCENE.json"));
  if (scene.flow.is_null() && options.frames > 1) throw InputError(scene.file_label + ": flow: missing field (nothing moves to record)");
  const ViewSettings view = parse_view(JsonNode(scene.view, scene.file_label, "view"), scene.dim);

  EglContext context;
  HeadlessOverlay overlay(args.has("--ui"));
  Recording recording(scene, view, std::nullopt, options,
                      [&](const Simulation& sim, const Viewport& vp, const FrameExtras& extras) { overlay.draw(sim, vp, extras); });
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  while (recording.advance()) {
    if (g_stop_signal) {
      recording.cancel();
      std::fprintf(stderr, "monge: recording cancelled after %lld of %lld frames; nothing was written\n",
                   recording.frames_done(), recording.frames_total());
      return 128 + g_stop_signal;
    }
  }
  recording.finish();
  std::fprintf(stderr, "monge: wrote %s (%lld frames, %dx%d, %g fps)\n", options.out.c_str(),
               recording.frames_total(), options.width, options.height, options.fps);
  return 0;
}

}  // namespace monge
