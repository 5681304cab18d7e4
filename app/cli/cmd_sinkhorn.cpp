// monge sinkhorn X Y --eps E [--tol 1e-9] [--max-iter K] [--method sinkhorn|sns] [--divergence]
//                  [--weights-x FILE] [--weights-y FILE] [--backend auto|cpu|cuda] [--json]
//                  [--save-plan P.npy] [--save-potentials FG.npz]   (either may be "-": stdout)
// A stable contract (users script it): with --json, stdout is one JSON object with
//   cost            ⟨P, C⟩ for the squared Euclidean cost (as POT 0.8.2's sinkhorn2)
//   objective       ⟨P, C⟩ + ε KL(P | a⊗b)
//   iterations, marginal_error (L1, both marginals), converged, seconds (solve only)
//   divergence      S_ε (only with --divergence)
//   eps, tol, method, mode (dense|online), n, m, d
//   backend         what ran the solve: "CPU" or "CUDA (<device>)" (CUDA: online mode, sinkhorn method)
//   dense_memory_mb the dense mode's memory budget (--dense-memory, default half the available memory)
//   tiled           true when the CPU's tiled online mode ran (|x-y|^2, d <= 3); then also
//   truncation      {kept_fraction, dropped_mass, dropped_cost, objective_bound} (rigorous bounds of
//                   what the skipped kernel blocks carry; marginal_error includes 2 dropped_mass),
//   kernel_entries, clusters [x, y], coarse_iterations, simd (the kernels' instruction set)
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/progress_line.hpp"
#include "app/cli/sinkhorn_progress.hpp"
#include "app/io/finite_json.hpp"
#include "app/io/point_file.hpp"
#include "app/io/point_pair.hpp"
#include "app/io/data_output.hpp"
#include "app/io/transport_files.hpp"
#include "solvers/backend/backend.hpp"
#include "base/errors.hpp"
#include "solvers/entropic/divergence.hpp"

namespace monge {

int cmd_sinkhorn(const CommandArgs& argv) {
  Args args("monge sinkhorn X Y --eps E [options]",
            "Entropic optimal transport between the point clouds in files X and Y (CSV, .npy, .npz, PLY, OBJ; one point\n"
            "per row), cost |x-y|^2, plan P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps) with absolute eps.\n"
            "Sinkhorn (stored stabilised kernel, over-relaxed, eps-scaling) or Sinkhorn-Newton-Sparse; problems\n"
            "that do not fit the dense memory budget run log-domain Sinkhorn in the online mode (O(N+M)\n"
            "memory; for |x-y|^2 in d <= 3 tiled SIMD kernels with kernel truncation, also the default\n"
            "at tol >= 1e-5). --json prints one JSON object (cost, objective, ...).");
  args.positional("X", "source points: CSV, .npy, file.npz:NAME, PLY/OBJ cloud; '-' for stdin (docs/formats.md)")
      .positional("Y", "target points (the same formats)")
      .option("--eps", "E", "regularisation eps > 0 (absolute)")
      .option("--tol", "T", "stop when the L1 marginal error is at most T", "1e-9")
      .option("--max-iter", "K", "iteration cap", "100000")
      .option("--method", "M", "sinkhorn or sns (dense mode only)", "sinkhorn")
      .flag("--divergence", "also compute the Sinkhorn divergence S_eps")
      .option("--weights-x", "FILE", "weights of the points of X (one column; default uniform)")
      .option("--weights-y", "FILE", "weights of the points of Y (one column; default uniform)")
      .option("--backend", "B", "auto (CUDA when a device is usable; sinkhorn method only), cpu or cuda", "auto")
      .option("--dense-memory", "MB", "memory the dense mode's stored kernel may take (auto: half the available)", "auto")
      .flag("--no-truncate", "online mode: evaluate every kernel block (no truncation)")
      .flag("--json", "print one JSON object")
      .flag("--progress", "show the progress line on stderr also when it is not a terminal, or with --json")
      .option("--save-plan", "P.npy", "write the plan P (N x M float64 .npy; '-' for stdout)")
      .option("--save-potentials", "FG.npz", "write the potentials f (N) and g (M) as arrays f, g of an .npz ('-': stdout)");
  if (!args.parse(argv)) return 0;

  // Files a user names for output are checked before any work: a typo costs no solve.
  const std::string plan_file = args.has("--save-plan") ? args.get("--save-plan") : "";
  const std::string potentials_file = args.has("--save-potentials") ? args.get("--save-potentials") : "";
  if (!plan_file.empty() && !is_stdout_path(plan_file) && std::filesystem::path(plan_file).extension() != ".npy")
    throw InputError("--save-plan: " + plan_file + ": expected a .npy file name (or '-')");
  if (!potentials_file.empty() && !is_stdout_path(potentials_file) && std::filesystem::path(potentials_file).extension() != ".npz")
    throw InputError("--save-potentials: " + potentials_file + ": expected an .npz file name (or '-')");
  if (is_stdout_path(plan_file) && is_stdout_path(potentials_file))
    throw InputError("--save-plan and --save-potentials cannot both go to standard output");
  // With data on standard output, the summary goes to standard error.
  std::FILE* report = is_stdout_path(plan_file) || is_stdout_path(potentials_file) ? stderr : stdout;

  SinkhornOptions o;
  if (!args.has("--eps")) throw InputError("--eps: required (e.g. --eps 0.05)");
  o.eps = args.number("--eps", 1e-12, 1e12);
  o.tol = args.number("--tol", 0.0, 10.0);
  o.max_iter = static_cast<int>(args.integer("--max-iter", 1, 1'000'000'000));
  o.method = parse_entropic_method(args.get("--method"), "--method");
  if (args.get("--dense-memory") != "auto") o.dense_memory = 1e6 * args.number("--dense-memory", 0.0, 1e12);
  o.truncate = !args.has("--no-truncate");
  const Backend backend = parse_backend(args.get("--backend"), "--backend");

  const PointPair pair = load_point_pair(args);
  const Points &X = pair.X, &Y = pair.Y;
  const Weights &wx = pair.wx, &wy = pair.wy;
  if (!plan_file.empty()) check_plan_size(X.rows(), Y.rows());
  if (o.method == EntropicMethod::SinkhornNewtonSparse && !dense_fits(X.rows(), Y.rows(), o))
    throw InputError("--method: sns needs the dense mode, and " + std::to_string(X.rows()) + " by " +
                     std::to_string(Y.rows()) + " kernel entries exceed its memory budget of " +
                     std::to_string(static_cast<long long>(dense_memory_budget(o) / 1e6)) +
                     " MB (--dense-memory); use sinkhorn");

  // SNS's Newton phase needs the dense plan: it stays on the CPU.
  if (o.method == EntropicMethod::Sinkhorn) o.runner = make_softmin_runner(resolve_backend(backend));
  ProgressLine progress("monge sinkhorn", "iteration", 0, progress_mode(args.has("--progress"), args.has("--json")));
  if (progress.active()) o.on_iteration = sinkhorn_progress_hook(progress, o.eps, o.tol, args.has("--divergence") ? 3 : 1);
  const auto start = std::chrono::steady_clock::now();
  SinkhornResult r;
  double divergence = 0;
  if (args.has("--divergence")) {
    DivergenceResult d = sinkhorn_divergence(X, wx, Y, wy, o, false);
    r = d.xy;
    divergence = d.value;
  } else {
    r = solve_entropic(X, wx, Y, wy, o);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  if (!plan_file.empty()) save_plan_npy(plan_file, X, wx, Y, wy, r);
  if (!potentials_file.empty()) save_potentials_npz(potentials_file, r.f, r.g);

  if (args.has("--json")) {
    nlohmann::json out = {{"cost", r.cost},
                          {"objective", r.objective},
                          {"iterations", r.iterations},
                          {"marginal_error", r.marginal_error},
                          {"converged", r.converged},
                          {"seconds", seconds},
                          {"eps", o.eps},
                          {"tol", o.tol},
                          {"method", entropic_method_name(o.method)},
                          {"mode", r.dense ? "dense" : "online"},
                          {"n", X.rows()},
                          {"m", Y.rows()},
                          {"d", X.cols()},
                          {"backend", o.runner ? o.runner->name() : "CPU"}};
    if (args.has("--divergence")) out["divergence"] = divergence;
    out["dense_memory_mb"] = dense_memory_budget(o) / 1e6;
    out["tiled"] = r.blocked;
    if (r.blocked) {
      out["truncation"] = {{"kept_fraction", r.kept_fraction},
                           {"dropped_mass", r.dropped_mass},
                           {"dropped_cost", r.dropped_cost},
                           {"objective_bound", r.objective_bound}};
      out["kernel_entries"] = r.kernel_entries;
      out["clusters"] = {r.clusters_x, r.clusters_y};
      out["coarse_iterations"] = r.coarse_iterations;
      out["simd"] = entropic_simd_name();
    }
    std::fprintf(report, "%s\n", dump_finite_json(out).c_str());
  } else {
    std::fprintf(report, "cost <P,C> = %.12g, objective = %.12g (eps %g, %s, %s mode)\n", r.cost, r.objective, o.eps,
                 entropic_method_name(o.method), r.dense ? "dense" : "online");
    if (args.has("--divergence")) std::fprintf(report, "Sinkhorn divergence S_eps = %.12g\n", divergence);
    std::fprintf(report, "%d iterations, L1 marginal error %.3g%s; %lld vs %lld points in %lldD; %.4f s\n", r.iterations,
                r.marginal_error, r.converged ? "" : " (NOT converged: raise --max-iter)",
                static_cast<long long>(X.rows()), static_cast<long long>(Y.rows()), static_cast<long long>(X.cols()),
                seconds);
    if (r.blocked)
      std::printf("tiled kernels (%s): %.3g of the kernel kept, dropped plan mass <= %.2g\n", entropic_simd_name(),
                  r.kept_fraction, r.dropped_mass);
  }
  return 0;
}

}  // namespace monge
