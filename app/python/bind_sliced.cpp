// monge.sw and monge.sw_directions: the sliced-Wasserstein engine of `monge sw`
// (solvers/sliced/sliced_wasserstein.hpp) on numpy arrays, with its gradient.
#include <pybind11/pybind11.h>

#include <chrono>

#include "app/python/bindings.hpp"
#include "app/python/checks.hpp"
#include "app/python/interrupt.hpp"
#include "app/python/numpy_arrays.hpp"
#include "base/errors.hpp"
#include "solvers/backend/backend.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

namespace monge::python {
namespace {

struct SwInputs {
  Points X, Y;
  Weights wx, wy;
};

SwInputs sw_inputs(py::handle X, py::handle Y, py::handle weights_x, py::handle weights_y) {
  SwInputs in;
  in.X = points_from(X, "X", true);
  in.Y = points_from(Y, "Y", true);
  if (in.X.cols() != in.Y.cols())
    throw InputError("X and Y: dimension mismatch (" + std::to_string(in.X.cols()) + " vs " + std::to_string(in.Y.cols()) +
                     " columns)");
  in.wx = weights_from(weights_x, "weights_x", in.X.rows(), "X");
  in.wy = weights_from(weights_y, "weights_y", in.Y.rows(), "Y");
  return in;
}

// The engine on the caller's thread without the GIL, Ctrl-C polled between directions; the
// result's fields are those of `monge sw --json`, plus theta and gradient.
template <class Evaluate>
py::object run(SlicedWasserstein& engine, const SwInputs& in, bool gradient, py::dict fields, Evaluate evaluate) {
  InterruptPoll poll;
  engine.set_stop_check([&poll] { return poll(); });
  Points grad;
  SlicedResult r;
  double seconds = 0;
  {
    py::gil_scoped_release release;
    const auto start = std::chrono::steady_clock::now();
    r = evaluate(gradient ? &grad : nullptr);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  fields["value"] = r.value;
  fields["stderr"] = r.std_error;
  fields["value_pow"] = r.value_pow;
  fields["stderr_pow"] = r.std_error_pow;
  fields["projections"] = r.projections;
  fields["seconds"] = seconds;
  fields["n"] = in.X.rows();
  fields["m"] = in.Y.rows();
  fields["d"] = in.X.cols();
  fields["backend"] = engine.runner() ? engine.runner()->name() : std::string("CPU");
  fields["theta"] = to_numpy(Points(engine.directions()));
  fields["gradient"] = gradient ? py::object(to_numpy(std::move(grad))) : py::none();
  return namespace_of(fields);
}

py::object sw(const py::object& X, const py::object& Y, long long p, long long projections, const std::string& directions,
              const std::string& estimator, double kappa, long long seed, const py::object& weights_x,
              const py::object& weights_y,
              bool gradient, const std::string& backend) {
  SlicedOptions o;
  o.p = static_cast<int>(integer_in("p", p, 1, 2));
  o.projections = static_cast<int>(integer_in("projections", projections, 1, 10'000'000));
  o.directions = parse_direction_scheme(directions, "directions");
  o.estimator = parse_estimator(estimator, "estimator");
  o.kappa = number_in("kappa", kappa, 1e-9, 1e9);
  o.seed = static_cast<std::uint64_t>(integer_in("seed", seed, 0, 1ll << 62));
  const Backend backend_choice = backend_in(backend);
  const SwInputs in = sw_inputs(X, Y, weights_x, weights_y);
  const long long d = in.X.cols();
  if (o.directions == DirectionScheme::QuasiMonteCarlo && d != 1 && d != 2 && d != 3)
    throw InputError("directions: qmc is defined for d = 2 and 3 only (X has d = " + std::to_string(d) +
                     "); use mc or orthogonal");
  SlicedWasserstein engine;
  engine.set_runner(make_projection_runner(resolve_backend(backend_choice)));
  py::dict fields;
  fields["p"] = o.p;
  fields["directions"] = direction_scheme_name(o.directions);
  fields["estimator"] = estimator_name(o.estimator);
  fields["kappa"] = o.kappa;
  fields["seed"] = o.seed;
  return run(engine, in, gradient, fields,
             [&](Points* grad) { return engine.evaluate(in.X, in.wx, in.Y, in.wy, o, grad); });
}

py::object sw_directions(const py::object& X, const py::object& Y, const py::object& theta, long long p,
                         const std::string& estimator, const py::object& weights_x, const py::object& weights_y,
                         bool gradient) {
  const int pp = static_cast<int>(integer_in("p", p, 1, 2));
  const Estimator e = parse_estimator(estimator, "estimator");
  const SwInputs in = sw_inputs(X, Y, weights_x, weights_y);
  const Points directions = points_from(theta, "theta", true);
  if (directions.cols() != in.X.cols())
    throw InputError("theta: directions have " + std::to_string(directions.cols()) + " columns but X has " +
                     std::to_string(in.X.cols()) + " (theta is (L, d); POT's projections= is its transpose)");
  SlicedWasserstein engine;
  py::dict fields;
  fields["p"] = pp;
  fields["directions"] = "given";
  fields["estimator"] = estimator_name(e);
  return run(engine, in, gradient, fields,
             [&](Points* grad) { return engine.evaluate_directions(in.X, in.wx, in.Y, in.wy, directions, pp, e, grad); });
}

}  // namespace

void bind_sliced(py::module_& m) {
  m.def("sw", &sw, py::arg("X"), py::arg("Y"), py::kw_only(), py::arg("p") = 2, py::arg("projections") = 100,
        py::arg("directions") = "mc", py::arg("estimator") = "plain", py::arg("kappa") = 50.0, py::arg("seed") = 0,
        py::arg("weights_x") = py::none(), py::arg("weights_y") = py::none(), py::arg("gradient") = false,
        py::arg("backend") = "auto",
        R"doc(Sliced-Wasserstein distance SW_p between two point clouds, as `monge sw`.

SW_p = (E_theta W_p^p(theta#X, theta#Y))^(1/p), POT's sliced_wasserstein_distance convention.

  X            (N, d) source points (float32 read as is; float64 converted); (N,) for d = 1
  Y            (M, d) target points, same d, any M
  p            1 or 2
  projections  number of directions L (max: candidates; vmf: samples)
  directions   "mc", "orthogonal", "qmc" (d = 2, 3), "max" (Max-SW) or "vmf" (v-DSW)
  estimator    "plain", "lcv" or "ucv" (control variates; mc, orthogonal, qmc only)
  kappa        vMF concentration (vmf only)
  seed         random seed: the same seed gives the same directions as `monge sw --seed`
  weights_x    (N,) weights of X, or None (uniform); weights_y likewise (M,)
  gradient     also return d(SW_p^p)/dX, (N, d)
  backend      "auto", "cpu" or "cuda"

Returns an object with the fields of `monge sw --json`: value (SW_p), stderr, value_pow (SW_p^p),
stderr_pow, projections, seconds (the computation), p, directions, estimator, kappa, seed, n, m, d,
backend; and theta (L, d), the directions used (max: the maximising one), and gradient ((N, d)
float32, or None). Raises ValueError naming the argument for bad input.)doc");

  m.def("sw_directions", &sw_directions, py::arg("X"), py::arg("Y"), py::arg("theta"), py::kw_only(),
        py::arg("p") = 2, py::arg("estimator") = "plain", py::arg("weights_x") = py::none(),
        py::arg("weights_y") = py::none(), py::arg("gradient") = false,
        R"doc(Sliced-Wasserstein distance along given directions.

  X, Y       (N, d) and (M, d) points; weights_x (N,), weights_y (M,) or None
  theta      (L, d) unit directions. POT's sliced_wasserstein_distance takes them as
             projections=theta.T, (d, L), with n_projections=L (POT 0.8.2 divides by n_projections
             even when given the directions): then both compute the same number.
  p          1 or 2;  estimator  "plain", "lcv" or "ucv";  gradient  also return (N, d) d(SW_p^p)/dX

Returns the same fields as sw() (directions = "given"). Runs on the CPU.)doc");
}

}  // namespace monge::python
