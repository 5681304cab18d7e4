// monge: one binary. No argument opens the GUI on the default scene; `monge SCENE.json` opens
// that scene; subcommands (render, run, record, sw, ...) run headless.
// Exit codes (README): 0 success, 1 a failure of the computation or the environment, 2 bad input,
// 3 an output that could not be written (the message names the path and the OS reason).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <tuple>
#include <exception>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/gui/gui_app.hpp"
#include "base/errors.hpp"

namespace {

void print_help() {
  std::printf(
      "monge %s: watch optimal transport happen\n\n"
      "usage:\n"
      "  monge                     open the GUI on the default scene\n"
      "  monge SCENE.json          open the GUI on a scene (options: monge x.json --help)\n"
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
  o.play = args.has("--play");
  o.frames = static_cast<int>(args.integer("--frames", 0, 100'000'000));
  if (args.has("--screenshot")) o.screenshot = args.get("--screenshot");
  if (args.has("--save-scene")) o.save_scene = args.get("--save-scene");
  o.backend = monge::parse_backend(args.get("--backend"), "--backend");
  if ((!o.screenshot.empty() || !o.save_scene.empty()) && o.frames == 0) o.frames = 30;
  return o;
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
    if (first.empty() || first[0] == '-' || (first.size() > 5 && first.substr(first.size() - 5) == ".json"))
      return monge::run_gui(parse_gui_options(monge::CommandArgs(argv + 1, argv + argc)));
    std::fprintf(stderr, "monge: unknown command '%s' (see 'monge help')\n", first.c_str());
    return 2;
  } catch (const monge::InputError& e) {
    std::fprintf(stderr, "monge: %s\n", e.what());
    return 2;
  } catch (const monge::OutputError& e) {
    std::fprintf(stderr, "monge: %s\n", e.what());  // "cannot write PATH: REASON"
    return 3;
  } catch (const monge::SolverError& e) {
    std::fprintf(stderr, "monge: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "monge: error: %s\n", e.what());
    return 1;
  }
}
