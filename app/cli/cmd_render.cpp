// monge render SCENE.json -o out.png [--size 1280x720] [--steps N] [--transparent]
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/scene/simulation.hpp"
#include "app/canvas/offscreen.hpp"
#include "render/image.hpp"
#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace monge {

int cmd_render(const CommandArgs& argv) {
  Args args("monge render SCENE.json -o OUT.png [options]",
            "Draws a scene offscreen through EGL (no display, no X server needed) with the same\n"
            "renderer as the GUI, and writes a PNG. With --steps, the scene's flow runs first.");
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

  Simulation sim(load_scene(args.get("SCENE.json")));
  const ViewSettings view = parse_view(JsonNode(sim.scene().view, sim.scene().file_label, "view"), sim.scene().dim);
  const Backend backend = parse_backend(args.get("--backend"), "--backend");
  if (steps > 0) sim.set_backend(backend);
  for (long long i = 0; i < steps && sim.has_flow(); ++i) sim.step();

  OffscreenRenderer renderer(width, height);
  const Image image = renderer.render(sim.scene(), view, sim.state(), args.has("--transparent"));
  write_png(args.get("-o"), image, args.has("--transparent"));
  std::fprintf(stderr, "monge: wrote %s (%dx%d, %s, %s)\n", args.get("-o").c_str(), width, height,
               renderer.context().platform().c_str(), renderer.context().renderer().c_str());
  return 0;
}

}  // namespace monge
