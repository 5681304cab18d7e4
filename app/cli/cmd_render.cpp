// monge render SCENE.json -o out.png [--size 1280x720] [--steps N] [--transparent]
// The frame `monge record` would draw after N steps: every split-view column, captions and
// colour bars included.
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/canvas/overlay.hpp"
#include "app/canvas/pane_set.hpp"
#include "render/gl/egl_context.hpp"
#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/image.hpp"
#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace monge {

int cmd_render(const CommandArgs& argv) {
  Args args("monge render SCENE.json -o OUT.png [options]",
            "Draws a scene offscreen through EGL (no display, no X server needed) with the same\n"
            "renderer as the GUI, and writes a PNG: the frame `monge record` would draw (split-view\n"
            "columns, captions and colour bars included). With --steps, the scene's flow runs first.");
  args.positional("SCENE.json", "scene file")
      .option("-o", "OUT.png", "output PNG file")
      .option("--size", "WxH", "image size in pixels", "1280x720")
      .option("--steps", "N", "advance the scene's flow N steps before drawing", "0")
      .option("--backend", "B", "auto (CUDA when a device is usable), cpu or cuda", "auto")
      .flag("--transparent", "transparent background (PNG alpha)");
  if (!args.parse(argv)) return 0;
  if (!args.has("-o")) throw InputError("-o: required (the output PNG file)");
  const auto [width, height] = args.size("--size");
  const long long steps = args.integer("--steps", 0, 100'000'000);
  check_output_path(args.get("-o"));

  const Scene scene = load_scene(args.get("SCENE.json"));
  const ViewSettings view = parse_view(JsonNode(scene.view, scene.file_label, "view"), scene.dim);
  const Backend backend = steps > 0 ? parse_backend(args.get("--backend"), "--backend") : Backend::Cpu;
  const bool transparent = args.has("--transparent");

  EglContext context;
  Framebuffer target(width, height);
  PaneSet panes(scene, view, backend);
  panes.step(steps);
  const Viewport vp{width, height};
  target.bind();
  panes.draw(panes.camera(view, vp), vp, transparent);
  HeadlessOverlay overlay(false);
  overlay.draw(panes.first(), vp, panes.extras());
  frame::finish("drawing the scene offscreen");
  Image image;
  read_pixels(width, height, image);
  write_png(args.get("-o"), image, transparent);
  std::fprintf(stderr, "monge: wrote %s (%dx%d, %s, %s)\n", args.get("-o").c_str(), width, height,
               context.platform().c_str(), context.renderer().c_str());
  return 0;
}

}  // namespace monge
