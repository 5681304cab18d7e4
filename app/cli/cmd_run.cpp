// monge run SCENE.json (--steps N | --until T) [--save out.csv|out.npy] [--plots DIR] [--json]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/step_progress.hpp"
#include "app/io/finite_json.hpp"
#include "app/io/point_file.hpp"
#include "app/scene/simulation.hpp"
#include "app/canvas/plot_export.hpp"
#include "render/gl/egl_context.hpp"
#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace monge {

int cmd_run(const CommandArgs& argv) {
  Args args("monge run SCENE.json (--steps N | --until T) [--save OUT.csv] [--plots DIR] [--json]",
            "Runs a scene's flow headless. --until T runs round(T / dt) steps, so the points are\n"
            "those at flow time T. --save writes the final source positions (CSV, one point per\n"
            "row; .npy by extension). The summary goes to stdout (one JSON object with --json).");
  args.positional("SCENE.json", "scene file")
      .option("--steps", "N", "number of flow steps")
      .option("--until", "T", "flow time to reach")
      .option("--save", "FILE", "write the final positions (.csv or .npy)")
      .option("--plots", "DIR", "write each diagnostic's curve as DIR/<name>.png and .csv (PNG via EGL)")
      .option("--backend", "B", "auto (CUDA when a device is usable), cpu or cuda", "auto")
      .flag("--json", "print the summary as one JSON object");
  if (!args.parse(argv)) return 0;
  if (args.has("--steps") == args.has("--until")) throw InputError("give exactly one of --steps N or --until T");

  Simulation sim(load_scene(args.get("SCENE.json")));
  if (!sim.has_flow()) throw InputError(sim.scene().file_label + ": flow: missing field (the scene has nothing to run)");
  sim.set_backend(parse_backend(args.get("--backend"), "--backend"));
  long long steps = 0;
  if (args.has("--steps")) {
    steps = args.integer("--steps", 0, 1'000'000'000);
  } else {
    const double until = args.number("--until", 0.0, 1e12);
    const double n = std::round(until / sim.dt());
    if (n > 1e9) throw InputError("--until: " + args.get("--until") + " is more than 10^9 steps of dt = " + std::to_string(sim.dt()));
    steps = static_cast<long long>(n);
  }
  std::string save;
  if (args.has("--save")) {
    save = args.get("--save");
    const bool npy = save.size() >= 4 && save.substr(save.size() - 4) == ".npy";
    const bool csv = save.size() >= 4 && save.substr(save.size() - 4) == ".csv";
    if (!npy && !csv) throw InputError("--save: " + save + ": expected a .csv or .npy file name");
    check_output_path(save);  // before the run, not after it
  }

  const auto start = std::chrono::steady_clock::now();
  StepProgress progress;  // a step longer than 2 s says how far it is (app/cli/step_progress.hpp)
  {
    ProgressScope scope(progress.progress());
    for (long long i = 0; i < steps; ++i) {
      progress.begin_step(static_cast<std::uint64_t>(i + 1));
      sim.step();
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (!save.empty()) {
    if (save.substr(save.size() - 4) == ".npy") save_points_npy(save, sim.state().points);
    else save_points_csv(save, sim.state().points);
  }
  nlohmann::json summary = {
      {"scene", sim.scene().name},
      {"flow", sim.flow()->kind()},
      {"steps", sim.state().step},
      {"time", sim.state().time},
      {"dt", sim.dt()},
      {"points", sim.state().points.rows()},
      {"dim", sim.state().points.cols()},
      {"seed", sim.scene().seed},
      {"backend", sim.backend_label()},
      {"seconds", seconds},
      {"steps_per_second", seconds > 0 ? static_cast<double>(steps) / seconds : 0.0},
  };
  nlohmann::json diagnostics = nlohmann::json::object();
  if (!sim.history().empty())
    for (const auto& [name, value] : sim.history().back().values) diagnostics[name] = value;
  summary["diagnostics"] = diagnostics;
  if (!save.empty()) summary["saved"] = save;
  if (args.has("--plots")) {
    EglContext context;
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : export_plots(plots_from_histories({sim.history()}, {}), args.get("--plots"), "", true))
      files.push_back(f.string());
    summary["plots"] = files;
  }
  if (args.has("--json")) {
    std::printf("%s\n", dump_finite_json(summary).c_str());
  } else {
    std::printf("%s: %s, %lld steps to t = %g in %.3f s", sim.scene().name.c_str(), sim.flow()->kind().c_str(),
                static_cast<long long>(sim.state().step), sim.state().time, seconds);
    for (const auto& [name, value] : diagnostics.items()) std::printf(", %s = %g", name.c_str(), value.get<double>());
    std::printf("\n");
  }
  return 0;
}

}  // namespace monge
