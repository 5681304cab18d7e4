// monge.deform and monge.load_mesh: the mesh deformation of `monge deform` (app/cli/deform_run.hpp)
// on numpy arrays, and mesh files or built-in meshes as arrays.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>

#include "app/cli/deform_run.hpp"
#include "app/python/bindings.hpp"
#include "app/python/checks.hpp"
#include "app/python/interrupt.hpp"
#include "app/python/numpy_arrays.hpp"
#include "base/errors.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"

namespace monge::python {
namespace {

mesh::TriangleMesh mesh_from(py::handle vertices, py::handle faces, const std::string& name) {
  mesh::TriangleMesh m;
  m.vertices = points_from(vertices, name + "_vertices", false, 3, 3);
  m.faces = faces_from(faces, name + "_faces");
  mesh::validate_mesh(m, name);
  return m;
}

py::tuple deform(const py::object& source_vertices, const py::object& source_faces, const py::object& target_vertices,
                 const py::object& target_faces, long long iterations, double time_limit, long long steps,
                 long long projections, const std::string& directions, const std::string& measure, const std::string& field, long long seed, std::optional<double> lr,
                 long long hidden, long long depth, const std::string& activation, double frequency, long long samples,
                 long long kernel_lattice, std::optional<double> kernel_width, long long metric_samples,
                 const std::string& backend) {
  deform::DeformOptions o;
  o.schedule.max_iterations = static_cast<int>(integer_in("iterations", iterations, 0, 10'000'000));
  o.schedule.time_limit = number_in("time_limit", time_limit, 0, 1e9);
  o.steps = static_cast<int>(integer_in("steps", steps, 1, 1000));
  o.projections = static_cast<int>(integer_in("projections", projections, 1, 1'000'000));
  o.directions = deform::parse_training_directions(directions, "directions");
  o.measure = deform::parse_measure_choice(measure, "measure");
  o.field = deform::parse_field_kind(field, "field");
  o.seed = static_cast<std::uint64_t>(integer_in("seed", seed, 0, 1ll << 62));
  if (lr) o.learning_rate = number_in("lr", *lr, 1e-12, 1e3);
  o.hidden_width = static_cast<int>(integer_in("hidden", hidden, 1, 4096));
  o.hidden_depth = static_cast<int>(integer_in("depth", depth, 1, 64));
  o.activation = deform::parse_activation(activation, "activation");
  o.input_frequency = static_cast<float>(number_in("frequency", frequency, 1e-3, 1e3));
  o.samples = static_cast<int>(integer_in("samples", samples, 1, 10'000'000));
  o.kernel_lattice = static_cast<int>(integer_in("kernel_lattice", kernel_lattice, 2, 64));
  if (kernel_width) o.kernel_width = static_cast<float>(number_in("kernel_width", *kernel_width, 1e-12, 1e12));
  const int metric = static_cast<int>(integer_in("metric_samples", metric_samples, 1, 10'000'000));
  const Backend backend_choice = backend_in(backend);
  const mesh::TriangleMesh source = mesh_from(source_vertices, source_faces, "source");
  const mesh::TriangleMesh target = mesh_from(target_vertices, target_faces, "target");

  InterruptPoll poll;
  DeformRun run;
  {
    py::gil_scoped_release release;
    run = run_deform(source, target, o, metric, backend_choice,
                     [&poll](const deform::DeformIteration&, const deform::DeformTrainer&) { return !poll(); });
  }
  const deform::DeformRunResult& r = run.result;
  const int done = r.training.iterations;
  py::dict metrics;
  metrics["chamfer_before"] = r.chamfer_before;
  metrics["chamfer_after"] = r.chamfer_after;
  metrics["hausdorff_after"] = r.hausdorff.max;
  metrics["hausdorff90_after"] = r.hausdorff.p90;
  metrics["self_intersections"] = r.intersections.fraction;
  metrics["self_intersecting_faces"] = r.intersections.faces;
  metrics["flipped_faces"] = r.flipped.faces;
  metrics["flipped_fraction"] = r.flipped.fraction;
  metrics["loss_before"] = r.loss_before;
  metrics["loss_after"] = r.loss_after;
  metrics["iterations"] = done;
  metrics["stop_reason"] = deform::stop_reason_code(r.training.stop);
  metrics["stop_message"] = r.training.stop_message;
  metrics["max_iterations"] = o.schedule.max_iterations;
  metrics["time_limit"] = o.schedule.time_limit;
  metrics["folds"] = run.folds;
  metrics["monitored_loss"] = run.monitored_loss;
  metrics["seconds"] = r.training.seconds;
  metrics["seconds_per_iteration"] = done > 0 ? r.training.seconds / done : 0.0;
  metrics["learning_rate"] = run.learning_rate;
  metrics["final_learning_rate"] = run.final_learning_rate;
  metrics["measure"] = run.measure;
  metrics["measure_requested"] = o.measure ? mesh::mesh_measure_kind_name(*o.measure) : "auto";
  metrics["parameters"] = run.parameters;
  metrics["backend"] = run.backend;
  return py::make_tuple(to_numpy(std::move(run.result.output.vertices)), metrics);
}

py::tuple load_mesh(const std::string& spec) {
  mesh::TriangleMesh m;
  try {
    m = mesh::load_mesh_or_builtin(spec);
  } catch (const InputError& e) {
    std::error_code ec;
    if (spec.rfind("builtin:", 0) != 0 && !std::filesystem::exists(spec, ec)) {
      PyErr_SetString(PyExc_FileNotFoundError, e.what());
      throw py::error_already_set();
    }
    throw;
  }
  return py::make_tuple(to_numpy(std::move(m.vertices)), faces_to_numpy(std::move(m.faces)));
}

}  // namespace

void bind_deform(py::module_& m) {
  m.def("deform", &deform, py::arg("source_vertices"), py::arg("source_faces"), py::arg("target_vertices"),
        py::arg("target_faces"), py::kw_only(), py::arg("iterations") = deform::ScheduleOptions{}.max_iterations,
        py::arg("time_limit") = 0.0, py::arg("steps") = 8, py::arg("projections") = 64, py::arg("directions") = "qmc",
        py::arg("measure") = "auto", py::arg("field") = "mlp", py::arg("seed") = 0,
        py::arg("lr") = py::none(), py::arg("hidden") = 64, py::arg("depth") = 3, py::arg("activation") = "tanh",
        py::arg("frequency") = 6.0,
        py::arg("samples") = 4096, py::arg("kernel_lattice") = 6, py::arg("kernel_width") = py::none(),
        py::arg("metric_samples") = 10000, py::arg("backend") = "auto",
        R"doc(Deform one mesh onto another by a trained ODE flow (SW_2^2 loss), as `monge deform`.

  source_vertices  (V, 3) vertices;  source_faces  (F, 3) vertex indices, counter-clockwise
  target_vertices  (V', 3);          target_faces  (F', 3)
  iterations  cap on the training iterations, time_limit  cap in seconds (0: none): training
              stops by itself on a plateau of the loss; metrics["stop_reason"] says which stopped it
  steps       RK4 steps from t = 0 to 1;  projections  SW directions;  directions  "qmc" or "mc"
  measure     "auto", "vertices", "area", "surface" or "varifold";  field  "mlp" or "kernel";  seed
  lr          Adam learning rate (None: 3e-3 for mlp, 1e-2 for kernel)
  hidden, depth, activation, frequency   the MLP ("tanh", "softplus", "silu"; first-layer steepness)
  samples     surface samples;  kernel_lattice, kernel_width   the kernel field
  metric_samples   surface samples for the Chamfer and Hausdorff distances

Returns (vertices, metrics): the deformed source vertices (V, 3) float32 (the source's faces
still apply) and a dict with the metrics of `monge deform --json` (chamfer_before, chamfer_after,
hausdorff_after, hausdorff90_after, self_intersections, self_intersecting_faces, flipped_faces,
flipped_fraction, loss_before, loss_after, iterations, stop_reason, stop_message, max_iterations,
time_limit, folds, monitored_loss, seconds, seconds_per_iteration, learning_rate,
final_learning_rate, measure, measure_requested, parameters, backend). Ctrl-C stops the training.)doc");

  m.def("load_mesh", &load_mesh, py::arg("path"),
        R"doc(Read a mesh: an .obj or .ply file, or a built-in ("builtin:icosphere",
"builtin:blob?lobes=4&amplitude=0.8", ...; as `monge deform`). Returns (vertices (V, 3) float32,
faces (F, 3) int32).)doc");
}

}  // namespace monge::python
