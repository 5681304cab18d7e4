// monge show X [Y] [--size WxH] [--frames N --screenshot OUT.png] [--save-scene OUT.json]
// monge FILE [Y] [options]   (main.cpp: a first argument that is a point file or mesh)
// A quick look at point files or meshes in the window: X as the source, Y as the target, no flow,
// the view chosen from the data (app/scene/file_scene.hpp).
#include <tuple>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/gui/gui_app.hpp"
#include "app/scene/file_scene.hpp"

namespace monge {

int cmd_show(const CommandArgs& argv) {
  Args args("monge show X [Y] [options]",
            "Opens the window on point files or meshes: X (and Y, drawn as the target) in any format monge\n"
            "reads (CSV, .npy, .npz[:NAME], PLY and OBJ point clouds or meshes; '-' for stdin), in 2D or 3D\n"
            "by their dimension, with a point size for their count. 'monge FILE' is a shorthand.");
  args.positional("X", "points or mesh (the source)")
      .positional("Y", "points or mesh drawn as the target", false)
      .option("--size", "WxH", "window size", "1280x800")
      .option("--frames", "N", "quit after N frames (with --screenshot: take it then)", "0")
      .option("--screenshot", "OUT.png", "write a screenshot of the window, UI included, after --frames")
      .option("--save-scene", "OUT.json", "save what is shown as a scene file after --frames");
  if (!args.parse(argv)) return 0;
  GuiOptions o;
  std::tie(o.width, o.height) = args.size("--size");
  o.frames = static_cast<int>(args.integer("--frames", 0, 100'000'000));
  if (args.has("--screenshot")) o.screenshot = args.get("--screenshot");
  if (args.has("--save-scene")) o.save_scene = args.get("--save-scene");
  if ((!o.screenshot.empty() || !o.save_scene.empty()) && o.frames == 0) o.frames = 30;
  o.initial_scene = scene_from_files(args.get("X"), args.has("Y") ? std::optional(args.get("Y")) : std::nullopt);
  return run_gui(o);
}

}  // namespace monge
