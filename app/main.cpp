// monge: one binary. No argument opens the GUI on the default scene; `monge SCENE.json` opens
// that scene; `monge FILE` a point file or mesh (as `monge show FILE`); subcommands (render, run,
// record, sw, ...) run headless.
// Exit codes (README): 0 success, 1 a failure of the computation or the environment, 2 bad input,
// 3 an output that could not be written (the message names the path and the OS reason).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <tuple>
#include <exception>
#include <filesystem>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/io/input_bytes.hpp"
#include "app/io/point_file.hpp"
#include "app/gui/gui_app.hpp"
#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"

namespace {

void print_help() {
  std::printf(
      "monge %s: watch optimal transport happen\n\n"
      "usage:\n"
      "  monge                     open the GUI on the default scene\n"
      "  monge SCENE.json          open the GUI on a scene (options: monge x.json --help)\n"
      "  monge FILE [Y]            open the GUI on point files or meshes (monge show --help)\n"
      "  monge COMMAND [options]   run a command headless (no display needed)\n"
      "  monge help [COMMAND]      this help, or a command's\n"
      "  monge --version\n\ncommands:\n",
      MONGE_VERSION);
  for (const auto& c : monge::commands()) std::printf("  %-10s %s\n", c.name, c.summary);
  std::printf("\nRun 'monge COMMAND --help' for a command's options.\n");
}

// monge [SCENE.json] [--screenshot OUT.png --frames N] [--play] [--size WxH] [--backend B]
monge::GuiOptions parse_gui_options(const monge::CommandArgs& argv) {
  monge::Args args("monge [SCENE.json] [options]",
                   "Opens the GUI on a scene (default: assets/scenes/default.json).");
  args.positional("SCENE.json", "scene file", false)
      .option("--size", "WxH", "window size", "1280x800")
      .flag("--play", "start the flow at once")
      .option("--frames", "N", "quit after N frames (with --screenshot: take it then)", "0")
      .option("--screenshot", "OUT.png", "write a screenshot of the window, UI included, after --frames")
      .option("--save-scene", "OUT.json", "save the GUI state as a scene file after --frames")
      .option("--backend", "B", "auto (CUDA when a device is usable), cpu or cuda; switchable in the status bar", "auto");
  if (!args.parse(argv)) std::exit(0);
  monge::GuiOptions o;
  if (args.has("SCENE.json")) o.scene = args.get("SCENE.json");
  std::tie(o.width, o.height) = args.size("--size");
  o.size_given = args.has("--size");
  o.play = args.has("--play");
  o.frames = static_cast<int>(args.integer("--frames", 0, 100'000'000));
  if (args.has("--screenshot")) o.screenshot = args.get("--screenshot");
  if (args.has("--save-scene")) o.save_scene = args.get("--save-scene");
  o.backend = monge::parse_backend(args.get("--backend"), "--backend");
  if ((!o.screenshot.empty() || !o.save_scene.empty()) && o.frames == 0) o.frames = 30;
  return o;
}

// Whether `monge ARG ...` means `monge show ARG ...`: standard input, an existing file (or .npz
// member), or a name with a point-file or mesh extension (so that a missing file is reported as
// such rather than as an unknown command).
bool names_point_file(const std::string& arg) {
  if (arg == "-") return true;
  std::error_code ec;
  if (std::filesystem::is_regular_file(monge::split_npz_member(arg).first, ec)) return true;
  const std::string extension = monge::lower_extension(monge::split_npz_member(arg).first);
  for (const char* known : {".csv", ".tsv", ".txt", ".npy", ".npz", ".ply", ".obj"})
    if (extension == known) return true;
  return false;
}

const monge::Command* find_command(const std::string& name) {
  for (const auto& c : monge::commands())
    if (name == c.name) return &c;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  // A file size limit (ulimit -f) then fails the write with EFBIG, reported like a full disk,
  // instead of killing the process and leaving a temporary behind.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    const std::string first = argc > 1 ? argv[1] : "";
    if (first == "--version" || first == "version") {
      std::printf("monge %s\n", MONGE_VERSION);
      return 0;
    }
    if (first == "help" || first == "--help" || first == "-h") {
      if (argc > 2) {
        if (const auto* c = find_command(argv[2])) return c->run({"--help"});
        std::fprintf(stderr, "monge: unknown command '%s' (see 'monge help')\n", argv[2]);
        return 2;
      }
      print_help();
      return 0;
    }
    if (const auto* c = find_command(first)) return c->run(monge::CommandArgs(argv + 2, argv + argc));
    if (!first.ends_with(".json") && names_point_file(first))
      return monge::cmd_show(monge::CommandArgs(argv + 1, argv + argc));
    if (first.empty() || first[0] == '-' || (first.size() > 5 && first.substr(first.size() - 5) == ".json"))
      return monge::run_gui(parse_gui_options(monge::CommandArgs(argv + 1, argv + argc)));
    std::fprintf(stderr, "monge: unknown command '%s' (see 'monge help')\n", first.c_str());
    return 2;
  } catch (const monge::InputError& e) {
    std::fprintf(stderr, "monge: %s\n", monge::printable(e.what()).c_str());
    return 2;
  } catch (const monge::OutputError& e) {
    std::fprintf(stderr, "monge: %s\n", monge::printable(e.what()).c_str());  // "cannot write PATH: REASON"
    return 3;
  } catch (const monge::SolverError& e) {
    std::fprintf(stderr, "monge: %s\n", monge::printable(e.what()).c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "monge: error: %s\n", monge::printable(e.what()).c_str());
    return 1;
  }
}
