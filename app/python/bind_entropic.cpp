// monge.sinkhorn: the entropic solver of `monge sinkhorn` (solvers/entropic) on numpy arrays,
// with its potentials, the Sinkhorn divergence and (for small problems) the dense plan.
#include <pybind11/pybind11.h>

#include <chrono>
#include <cmath>

#include "app/python/bindings.hpp"
#include "app/python/checks.hpp"
#include "app/python/interrupt.hpp"
#include "app/python/numpy_arrays.hpp"
#include "base/errors.hpp"
#include "solvers/backend/backend.hpp"
#include "solvers/entropic/divergence.hpp"
#include "solvers/entropic/entropic_math.hpp"

namespace monge::python {
namespace {

// The largest dense plan returned: 16M entries, 128 MB of float64 (the dense mode's own limit).
constexpr long long kPlanLimit = 16'000'000;

// P_ij = a_i b_j exp((f_i + g_j - C_ij) / eps), C the squared Euclidean cost in double (as the
// solver computes it): (N, M) float64.
py::array_t<double> dense_plan(const Points& X, const Weights& wx, const Points& Y, const Weights& wy,
                               const SinkhornResult& r, double eps) {
  const int N = static_cast<int>(X.rows()), M = static_cast<int>(Y.rows()), d = static_cast<int>(X.cols());
  const Eigen::VectorXd a = probability_vector(wx, N, "source weights"), b = probability_vector(wy, M, "target weights");
  py::array_t<double> plan({N, M});
  double* P = plan.mutable_data();
  {
    py::gil_scoped_release release;
#pragma omp parallel for schedule(static)
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < M; ++j) {
        const double c = entropic::ground_cost(&X(i, 0), &Y(j, 0), d, 0, 2.0);
        P[static_cast<std::ptrdiff_t>(i) * M + j] = a[i] * b[j] * std::exp((r.f[i] + r.g[j] - c) / eps);
      }
  }
  return plan;
}

py::object sinkhorn(const py::object& X_in, const py::object& Y_in, double eps, double tol, long long max_iter, const std::string& method,
                    bool divergence, bool plan, const py::object& weights_x, const py::object& weights_y,
                    const std::string& backend) {
  SinkhornOptions o;
  o.eps = number_in("eps", eps, 1e-12, 1e12);
  o.tol = number_in("tol", tol, 0.0, 10.0);
  o.max_iter = static_cast<int>(integer_in("max_iter", max_iter, 1, 1'000'000'000));
  o.method = parse_entropic_method(method, "method");
  const Backend backend_choice = backend_in(backend);
  const Points X = points_from(X_in, "X", true), Y = points_from(Y_in, "Y", true);
  if (X.cols() != Y.cols())
    throw InputError("X and Y: dimension mismatch (" + std::to_string(X.cols()) + " vs " + std::to_string(Y.cols()) +
                     " columns)");
  const Weights wx = weights_from(weights_x, "weights_x", X.rows(), "X");
  const Weights wy = weights_from(weights_y, "weights_y", Y.rows(), "Y");
  const long long entries = static_cast<long long>(X.rows()) * Y.rows();
  if (o.method == EntropicMethod::SinkhornNewtonSparse && !dense_fits(X.rows(), Y.rows(), o))
    throw InputError("method: sns needs the dense mode, and " + std::to_string(X.rows()) + " by " +
                     std::to_string(Y.rows()) + " kernel entries exceed its memory budget of " +
                     std::to_string(static_cast<long long>(dense_memory_budget(o) / 1e6)) + " MB; use sinkhorn");
  if (plan && entries > kPlanLimit)
    throw InputError("plan: the dense plan of " + std::to_string(X.rows()) + " x " + std::to_string(Y.rows()) +
                     " points has " + std::to_string(entries) + " entries, above the " + std::to_string(kPlanLimit) +
                     " returned (128 MB of float64); use the potentials f and g");

  // SNS's Newton phase needs the dense plan: it stays on the CPU (as in `monge sinkhorn`).
  if (o.method == EntropicMethod::Sinkhorn) o.runner = make_softmin_runner(resolve_backend(backend_choice));
  InterruptPoll poll;
  o.on_iteration = [&poll](const SinkhornProgress&) { return !poll(); };
  SinkhornResult r;
  double divergence_value = 0, seconds = 0;
  {
    py::gil_scoped_release release;
    const auto start = std::chrono::steady_clock::now();
    if (divergence) {
      DivergenceResult dv = sinkhorn_divergence(X, wx, Y, wy, o, false);
      r = std::move(dv.xy);
      divergence_value = dv.value;
    } else {
      r = solve_entropic(X, wx, Y, wy, o);
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  py::dict fields;
  fields["cost"] = r.cost;
  fields["objective"] = r.objective;
  fields["iterations"] = r.iterations;
  fields["marginal_error"] = r.marginal_error;
  fields["converged"] = r.converged;
  fields["seconds"] = seconds;
  fields["eps"] = o.eps;
  fields["tol"] = o.tol;
  fields["method"] = entropic_method_name(o.method);
  fields["mode"] = r.dense ? "dense" : "online";
  fields["n"] = X.rows();
  fields["m"] = Y.rows();
  fields["d"] = X.cols();
  fields["backend"] = o.runner ? o.runner->name() : std::string("CPU");
  fields["divergence"] = divergence ? py::object(py::float_(divergence_value)) : py::none();
  fields["plan"] = plan ? py::object(dense_plan(X, wx, Y, wy, r, o.eps)) : py::none();
  fields["f"] = to_numpy(std::move(r.f));
  fields["g"] = to_numpy(std::move(r.g));
  return namespace_of(fields);
}

}  // namespace

void bind_entropic(py::module_& m) {
  m.attr("PLAN_LIMIT") = kPlanLimit;
  m.def("sinkhorn", &sinkhorn, py::arg("X"), py::arg("Y"), py::arg("eps"), py::kw_only(), py::arg("tol") = 1e-9,
        py::arg("max_iter") = 100000, py::arg("method") = "sinkhorn", py::arg("divergence") = false,
        py::arg("plan") = false, py::arg("weights_x") = py::none(), py::arg("weights_y") = py::none(),
        py::arg("backend") = "auto",
        R"doc(Entropic optimal transport between two point clouds, as `monge sinkhorn`.

Cost |x - y|^2, plan P_ij = a_i b_j exp((f_i + g_j - C_ij) / eps) with absolute eps (the plan of
POT's ot.sinkhorn(a, b, ot.dist(X, Y), eps)).

  X, Y        (N, d) and (M, d) points (float32 read as is; float64 converted)
  eps         regularisation > 0 (absolute)
  tol         stop when the L1 marginal error is at most tol
  max_iter    iteration cap (all eps stages together)
  method      "sinkhorn" (log-domain/scaling with eps-scaling) or "sns" (Sinkhorn-Newton-Sparse)
  divergence  also compute the Sinkhorn divergence S_eps (three solves)
  plan        also return the dense (N, M) float64 plan; refused (ValueError) above
              monge.PLAN_LIMIT = 16,000,000 entries (128 MB)
  weights_x   (N,) weights of X or None (uniform); weights_y likewise (M,)
  backend     "auto", "cpu" or "cuda"

Returns an object with the fields of `monge sinkhorn --json`: cost (<P, C>, POT's sinkhorn2),
objective (<P, C> + eps KL(P | a x b)), iterations, marginal_error, converged, seconds, eps, tol,
method, mode ("dense" or "online"), n, m, d, backend, divergence (or None); and f (N,), g (M,)
float64 potentials, plan ((N, M) or None).)doc");
}

}  // namespace monge::python
