// monge run SCENE.json (--steps N | --until T) [--save out.csv|out.npy|-] [--format csv|npy]
//           [--save-trajectory traj.npy|- [--every K]] [--plots DIR] [--json]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/progress_line.hpp"
#include "app/io/data_output.hpp"
#include "app/cli/step_progress.hpp"
#include "app/io/finite_json.hpp"
#include "app/io/point_file.hpp"
#include "app/io/trajectory_file.hpp"
#include "app/scene/simulation.hpp"
#include "app/canvas/plot_export.hpp"
#include "render/gl/egl_context.hpp"
#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {
// The first diagnostic of the last step, e.g. "sw 0.01234", for the progress line.
std::string diagnostics_note(const Simulation& sim) {
  if (sim.latest_diagnostics().empty()) return "";
  const auto& [name, value] = sim.latest_diagnostics().front();
  return name + " " + format_number(value);
}
}  // namespace

int cmd_run(const CommandArgs& argv) {
  Args args("monge run SCENE.json (--steps N | --until T) [--save OUT.csv] [--plots DIR] [--json]",
            "Runs a scene's flow headless. --until T runs round(T / dt) steps, so the points are\n"
            "those at flow time T. --save writes the final source positions (CSV, one point per\n"
            "row; .npy by extension). The summary goes to stdout (one JSON object with --json).");
  args.positional("SCENE.json", "scene file")
      .option("--steps", "N", "number of flow steps")
      .option("--until", "T", "flow time to reach")
      .option("--save", "FILE", "write the final positions (.csv or .npy; '-' for stdout)")
      .option("--format", "F", "csv or npy: the format of --save (default: by its extension; csv for '-')")
      .option("--save-trajectory", "T.npy", "write the positions every --every steps as a (frames, N, d) float32 .npy ('-': stdout)")
      .option("--every", "K", "steps between trajectory frames (frames at steps 0, K, 2K, ...)", "1")
      .option("--plots", "DIR", "write each diagnostic's curve as DIR/<name>.png and .csv (PNG via EGL)")
      .option("--backend", "B", "auto (CUDA when a device is usable), cpu or cuda", "auto")
      .flag("--json", "print the summary as one JSON object")
      .flag("--progress", "show the progress line on stderr also when it is not a terminal, or with --json");
  if (!args.parse(argv)) return 0;
  if (args.has("--steps") == args.has("--until")) throw InputError("give exactly one of --steps N or --until T");

  Simulation sim(load_scene(args.get("SCENE.json")));
  // Only --plots reads the step-by-step history; without it the run keeps a few records instead
  // of ~200 bytes a step (a 10^7-step run would otherwise hold 2 GB). The summary reads
  // latest_diagnostics(), which every step updates.
  if (!args.has("--plots")) sim.set_history_limit(16);
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
  PointFormat save_format = PointFormat::Csv;
  if (args.has("--save")) {
    save = args.get("--save");
    save_format = output_format(save, args.has("--format") ? args.get("--format") : "", "--save");
    if (!is_stdout_path(save)) check_output_path(save);  // before the run, not after it
  } else if (args.has("--format")) {
    throw InputError("--format: applies to --save, which is not given");
  }
  // --save-trajectory: frames at steps 0, K, 2K, ... up to `steps`, streamed as the run goes.
  std::optional<TrajectoryWriter> trajectory;
  const long long every = args.integer("--every", 1, 1'000'000'000);
  if (args.has("--every") && !args.has("--save-trajectory")) throw InputError("--every: applies to --save-trajectory, which is not given");
  if (args.has("--save-trajectory")) {
    const std::string file = args.get("--save-trajectory");
    if (!is_stdout_path(file) && std::filesystem::path(file).extension() != ".npy")
      throw InputError("--save-trajectory: " + file + ": expected a .npy file name (or '-')");
    if (is_stdout_path(file) && is_stdout_path(save)) throw InputError("--save and --save-trajectory cannot both go to standard output");
    const Points& p = sim.state().points;
    trajectory.emplace(file, static_cast<std::size_t>(steps / every + 1), static_cast<std::size_t>(p.rows()),
                       static_cast<std::size_t>(p.cols()));
    trajectory->add(p);
  }
  // With data on standard output, the summary goes to standard error.
  std::FILE* report = is_stdout_path(save) || (args.has("--save-trajectory") && is_stdout_path(args.get("--save-trajectory"))) ? stderr : stdout;

  const auto start = std::chrono::steady_clock::now();
  ProgressLine progress("monge run", "step", steps, progress_mode(args.has("--progress"), args.has("--json")));
  StepProgress step_progress;  // a step longer than 2 s says how far it is (app/cli/step_progress.hpp)
  {
    ProgressScope scope(step_progress.progress());
    for (long long i = 1; i <= steps; ++i) {
      step_progress.begin_step(static_cast<std::uint64_t>(i));
      sim.step();
      if (trajectory && i % every == 0) trajectory->add(sim.state().points);
      progress.update(i, [&] { return diagnostics_note(sim); });
    }
  }
  progress.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (trajectory) trajectory->commit();
  if (!save.empty()) save_points(save, sim.state().points, save_format);
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
  for (const auto& [name, value] : sim.latest_diagnostics()) diagnostics[name] = value;
  summary["diagnostics"] = diagnostics;
  if (!save.empty()) summary["saved"] = save;
  if (args.has("--plots")) {
    EglContext context;
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : export_plots(plots_from_histories({sim.history()}, {}), args.get("--plots"), "", true))
      files.push_back(f.string());
    summary["plots"] = files;
  }
  if (args.has("--save-trajectory")) summary["trajectory"] = {{"file", args.get("--save-trajectory")}, {"every", every}, {"frames", steps / every + 1}};
  if (args.has("--json")) {
    std::fprintf(report, "%s\n", dump_finite_json(summary).c_str());
  } else {
    std::fprintf(report, "%s: %s, %lld steps to t = %g in %.3f s", sim.scene().name.c_str(), sim.flow()->kind().c_str(),
                 static_cast<long long>(sim.state().step), sim.state().time, seconds);
    for (const auto& [name, value] : diagnostics.items()) std::fprintf(report, ", %s = %g", name.c_str(), value.get<double>());
    std::fprintf(report, "\n");
  }
  return 0;
}

}  // namespace monge
