// monge sw X Y [--p 2] [--projections 100] [--directions mc|orthogonal|qmc|max|vmf]
//              [--estimator plain|lcv|ucv] [--kappa K] [--seed S] [--weights-x FILE]
//              [--weights-y FILE] [--backend auto|cpu|cuda] [--json]
// A stable contract (users script it): with --json, stdout is one JSON object with
//   value        SW_p (the p-th root, as POT's sliced_wasserstein_distance)
//   stderr       its standard error (0 for max and for d = 1, where the value is exact)
//   value_pow    SW_p^p, and stderr_pow its standard error
//   projections  directions in the estimate; seconds  time of the computation (files excluded)
//   p, directions, estimator, kappa, seed, n, m, d
//   backend      what ran the projections: "CPU" or "CUDA (<device>)"
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
#include "solvers/sliced/sliced_wasserstein.hpp"

namespace monge {

int cmd_sw(const CommandArgs& argv) {
  Args args("monge sw X Y [options]",
            "Sliced-Wasserstein distance SW_p between the point clouds in files X and Y (CSV, .npy, .npz, PLY, OBJ;\n"
            "one point per row, same dimension, any sizes), as POT's sliced_wasserstein_distance:\n"
            "SW_p = (E_theta W_p^p(theta#X, theta#Y))^(1/p). In 1D the exact W_p. Prints the value and\n"
            "its standard error; --json prints one JSON object (value, stderr, projections, seconds, ...).");
  args.positional("X", "source points: CSV, .npy, file.npz:NAME, PLY/OBJ cloud; '-' for stdin (docs/formats.md)")
      .positional("Y", "target points (the same formats)")
      .option("--p", "P", "order of the distance, 1 or 2", "2")
      .option("--projections", "L", "number of directions (for max: candidates; for vmf: samples)", "100")
      .option("--directions", "SCHEME", "mc, orthogonal, qmc (d = 2, 3), max (Max-SW) or vmf (v-DSW)", "mc")
      .option("--estimator", "E", "plain, lcv or ucv (control variates; mc, orthogonal, qmc only)", "plain")
      .option("--kappa", "K", "concentration of the vMF directions (vmf only)", "50")
      .option("--seed", "S", "random seed", "0")
      .option("--weights-x", "FILE", "weights of the points of X (one column; default uniform)")
      .option("--weights-y", "FILE", "weights of the points of Y (one column; default uniform)")
      .option("--backend", "B", "auto (CUDA when a device is usable), cpu or cuda", "auto")
      .flag("--json", "print one JSON object");
  if (!args.parse(argv)) return 0;

  SlicedOptions o;
  o.p = static_cast<int>(args.integer("--p", 1, 2));
  o.projections = static_cast<int>(args.integer("--projections", 1, 10'000'000));
  o.directions = parse_direction_scheme(args.get("--directions"), "--directions");
  o.estimator = parse_estimator(args.get("--estimator"), "--estimator");
  o.kappa = args.number("--kappa", 1e-9, 1e9);
  o.seed = static_cast<std::uint64_t>(args.integer("--seed", 0, (1ll << 62)));
  const Backend backend_choice = parse_backend(args.get("--backend"), "--backend");

  const PointPair pair = load_point_pair(args);
  const std::string& fx = pair.x_file;
  const Points &X = pair.X, &Y = pair.Y;
  const Weights &wx = pair.wx, &wy = pair.wy;
  if (o.directions == DirectionScheme::QuasiMonteCarlo && X.cols() != 2 && X.cols() != 3 && X.cols() != 1)
    throw InputError("--directions: qmc is defined for d = 2 and 3 only (" + fx + " has d = " +
                     std::to_string(X.cols()) + "); use mc or orthogonal");

  SlicedWasserstein engine;
  engine.set_runner(make_projection_runner(resolve_backend(backend_choice)));
  const std::string backend = engine.runner() ? engine.runner()->name() : "CPU";
  const auto start = std::chrono::steady_clock::now();
  const SlicedResult r = engine.evaluate(X, wx, Y, wy, o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (args.has("--json")) {
    const nlohmann::json out = {
        {"value", r.value},
        {"stderr", r.std_error},
        {"value_pow", r.value_pow},
        {"stderr_pow", r.std_error_pow},
        {"projections", r.projections},
        {"seconds", seconds},
        {"p", o.p},
        {"directions", direction_scheme_name(o.directions)},
        {"estimator", estimator_name(o.estimator)},
        {"kappa", o.kappa},
        {"seed", o.seed},
        {"n", X.rows()},
        {"m", Y.rows()},
        {"d", X.cols()},
        {"backend", backend},
    };
    std::printf("%s\n", dump_finite_json(out).c_str());
  } else {
    std::printf("SW_%d = %.9g +- %.3g (%d %s direction%s, %s estimator; %lld vs %lld points in %lldD; %.4f s)\n", o.p,
                r.value, r.std_error, r.projections, direction_scheme_name(o.directions), r.projections == 1 ? "" : "s",
                estimator_name(o.estimator), static_cast<long long>(X.rows()), static_cast<long long>(Y.rows()),
                static_cast<long long>(X.cols()), seconds);
  }
  return 0;
}

}  // namespace monge
