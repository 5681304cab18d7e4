// monge sinkhorn X Y --eps E [--tol 1e-9] [--max-iter K] [--method sinkhorn|sns] [--divergence]
//                  [--weights-x FILE] [--weights-y FILE] [--backend auto|cpu|cuda] [--json]
// A stable contract (users script it): with --json, stdout is one JSON object with
//   cost            ⟨P, C⟩ for the squared Euclidean cost (as POT 0.8.2's sinkhorn2)
//   objective       ⟨P, C⟩ + ε KL(P | a⊗b)
//   iterations, marginal_error (L1, both marginals), converged, seconds (solve only)
//   divergence      S_ε (only with --divergence)
//   eps, tol, method, mode (dense|online), n, m, d
//   backend         what ran the solve: "CPU" or "CUDA (<device>)" (CUDA: online mode, sinkhorn method)
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/io/finite_json.hpp"
#include "app/io/point_file.hpp"
#include "app/io/point_pair.hpp"
#include "solvers/backend/backend.hpp"
#include "base/errors.hpp"
#include "solvers/entropic/divergence.hpp"

namespace monge {

int cmd_sinkhorn(const CommandArgs& argv) {
  Args args("monge sinkhorn X Y --eps E [options]",
            "Entropic optimal transport between the point clouds in files X and Y (CSV or .npy, one point\n"
            "per row), cost |x-y|^2, plan P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps) with absolute eps.\n"
            "Sinkhorn (stored stabilised kernel, over-relaxed, eps-scaling) or Sinkhorn-Newton-Sparse; problems\n"
            "above 16M entries run log-domain Sinkhorn in the online mode (O(N+M) memory). --json prints one\n"
            "JSON object (cost, objective, ...).");
  args.positional("X", "source points (.csv or .npy)")
      .positional("Y", "target points (.csv or .npy)")
      .option("--eps", "E", "regularisation eps > 0 (absolute)")
      .option("--tol", "T", "stop when the L1 marginal error is at most T", "1e-9")
      .option("--max-iter", "K", "iteration cap", "100000")
      .option("--method", "M", "sinkhorn or sns (dense mode only)", "sinkhorn")
      .flag("--divergence", "also compute the Sinkhorn divergence S_eps")
      .option("--weights-x", "FILE", "weights of the points of X (one column; default uniform)")
      .option("--weights-y", "FILE", "weights of the points of Y (one column; default uniform)")
      .option("--backend", "B", "auto (CUDA when a device is usable; sinkhorn method only), cpu or cuda", "auto")
      .flag("--json", "print one JSON object");
  if (!args.parse(argv)) return 0;

  SinkhornOptions o;
  if (!args.has("--eps")) throw InputError("--eps: required (e.g. --eps 0.05)");
  o.eps = args.number("--eps", 1e-12, 1e12);
  o.tol = args.number("--tol", 0.0, 10.0);
  o.max_iter = static_cast<int>(args.integer("--max-iter", 1, 1'000'000'000));
  o.method = parse_entropic_method(args.get("--method"), "--method");
  const Backend backend = parse_backend(args.get("--backend"), "--backend");

  const PointPair pair = load_point_pair(args);
  const Points &X = pair.X, &Y = pair.Y;
  const Weights &wx = pair.wx, &wy = pair.wy;
  if (o.method == EntropicMethod::SinkhornNewtonSparse && static_cast<long long>(X.rows()) * Y.rows() > o.dense_limit)
    throw InputError("--method: sns needs the dense mode (N*M at most " + std::to_string(o.dense_limit) +
                     "); use sinkhorn");

  // SNS's Newton phase needs the dense plan: it stays on the CPU.
  if (o.method == EntropicMethod::Sinkhorn) o.runner = make_softmin_runner(resolve_backend(backend));
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
    std::printf("%s\n", dump_finite_json(out).c_str());
  } else {
    std::printf("cost <P,C> = %.12g, objective = %.12g (eps %g, %s, %s mode)\n", r.cost, r.objective, o.eps,
                entropic_method_name(o.method), r.dense ? "dense" : "online");
    if (args.has("--divergence")) std::printf("Sinkhorn divergence S_eps = %.12g\n", divergence);
    std::printf("%d iterations, L1 marginal error %.3g%s; %lld vs %lld points in %lldD; %.4f s\n", r.iterations,
                r.marginal_error, r.converged ? "" : " (NOT converged: raise --max-iter)",
                static_cast<long long>(X.rows()), static_cast<long long>(Y.rows()), static_cast<long long>(X.cols()),
                seconds);
  }
  return 0;
}

}  // namespace monge
