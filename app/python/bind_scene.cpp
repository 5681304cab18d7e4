// monge.Scene, monge.Simulation, monge.load_scene: scene files, dicts and arrays, and their flows
// stepped from Python by the same Simulation that `monge run`, `monge record` and the GUI drive.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "app/python/bindings.hpp"
#include "app/python/checks.hpp"
#include "app/python/interrupt.hpp"
#include "app/python/numpy_arrays.hpp"
#include "app/python/py_json.hpp"
#include "app/python/py_scene.hpp"
#include "base/errors.hpp"

namespace monge::python {
namespace {

py::object optional_json(const nlohmann::json& j) { return j.is_null() ? py::object(py::none()) : from_json(j); }

py::object weights_or_none(const Measure& m) {
  return m.uniform() ? py::object(py::none()) : py::object(to_numpy(Eigen::VectorXd(m.weights.cast<double>())));
}

// Steps with the GIL released and the simulation locked, Ctrl-C polled between steps (a step that
// was interrupted is whole: the state stays that of the last finished step).
void step(PySimulation& s, long long n) {
  integer_in("n", n, 0, 1'000'000'000);
  InterruptPoll poll;
  {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(s.mutex);
    for (long long i = 0; i < n && s.sim->has_flow(); ++i) {
      s.sim->step();
      if (poll()) break;
    }
  }
  if (poll.raised()) throw py::error_already_set();
}

// Each diagnostic's values over the steps so far, with "step" and "time": numpy arrays.
py::dict history(PySimulation& s) {
  std::vector<DiagnosticsRecord> records;
  {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(s.mutex);
    records = s.sim->history();
  }
  const Eigen::Index n = static_cast<Eigen::Index>(records.size());
  Eigen::VectorXd steps(n), times(n);
  std::vector<std::string> names;
  for (const auto& record : records)
    for (const auto& [name, value] : record.values)
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  std::vector<Eigen::VectorXd> columns(names.size(), Eigen::VectorXd::Constant(n, std::nan("")));
  for (Eigen::Index k = 0; k < n; ++k) {
    steps[k] = static_cast<double>(records[k].step);
    times[k] = records[k].time;
    for (const auto& [name, value] : records[k].values)
      columns[std::find(names.begin(), names.end(), name) - names.begin()][k] = value;
  }
  py::dict out;
  out["step"] = to_numpy(std::move(steps));
  out["time"] = to_numpy(std::move(times));
  for (std::size_t c = 0; c < names.size(); ++c) out[py::str(names[c])] = to_numpy(std::move(columns[c]));
  return out;
}

template <class F>
auto locked(PySimulation& s, F f) {
  py::gil_scoped_release release;
  std::lock_guard<std::mutex> lock(s.mutex);
  return f(*s.sim);
}

}  // namespace

void bind_scene(py::module_& m) {
  py::class_<PyScene>(m, "Scene", R"doc(A scene: two measures, a flow, a view, captions (docs/scenes.md).

Scene(spec=None, *, source=None, target=None, flow=None, view=None, seed=None, name=None,
      dim=None, source_weights=None, target_weights=None, captions=None)

  spec     a scene file path (as `monge run`), a scene dict (the JSON object), or None
  source   an (N, 2) or (N, 3) array of points, or a measure dict ({"kind": "gaussian", ...})
  target   likewise (optional)
  flow     the "flow" dict, e.g. {"kind": "sliced", "step": 0.5}; view: the "view" dict
  source_weights, target_weights   (N,) weights of array measures (default uniform)
Keyword arguments replace the fields of the same name in `spec`. dim defaults to the arrays'
columns. Bad fields raise ValueError naming the JSON path ("scene: flow.kind: ...").)doc")
      .def(py::init(&make_scene), py::arg("spec") = py::none(), py::kw_only(), py::arg("source") = py::none(),
           py::arg("target") = py::none(), py::arg("flow") = py::none(), py::arg("view") = py::none(),
           py::arg("seed") = py::none(), py::arg("name") = py::none(), py::arg("dim") = py::none(),
           py::arg("source_weights") = py::none(), py::arg("target_weights") = py::none(),
           py::arg("captions") = py::none())
      .def_property_readonly("name", [](const PyScene& s) { return s.scene.name; })
      .def_property_readonly("dim", [](const PyScene& s) { return s.scene.dim; })
      .def_property_readonly("seed", [](const PyScene& s) { return s.scene.seed; })
      .def_property_readonly("file", [](const PyScene& s) -> py::object {
        return s.scene.file.empty() ? py::object(py::none()) : py::object(py::str(s.scene.file.string()));
      }, "the scene file it was loaded from, or None")
      .def_property_readonly("source", [](const PyScene& s) { return to_numpy(Points(s.scene.source.points)); },
                             "(N, dim) float32 source points (a copy)")
      .def_property_readonly("source_weights", [](const PyScene& s) { return weights_or_none(s.scene.source); })
      .def_property_readonly("target", [](const PyScene& s) -> py::object {
        return s.scene.target ? py::object(to_numpy(Points(s.scene.target->points))) : py::object(py::none());
      }, "(M, dim) float32 target points (a copy), or None")
      .def_property_readonly("target_weights", [](const PyScene& s) -> py::object {
        return s.scene.target ? weights_or_none(*s.scene.target) : py::object(py::none());
      })
      .def_property_readonly("flow", [](const PyScene& s) { return optional_json(s.scene.flow); }, "the flow dict, or None")
      .def_property_readonly("view", [](const PyScene& s) { return optional_json(s.scene.view); }, "the view dict, or None")
      .def("save", [](const PyScene& s, const std::filesystem::path& path) { s.save(path); }, py::arg("path"),
           "Write the scene file (and array measures as .npy files beside it): `monge PATH` opens it.")
      .def("__repr__", [](const PyScene& s) {
        std::string r = "<monge.Scene '" + s.scene.name + "' " + std::to_string(s.scene.dim) + "D, " +
                        std::to_string(s.scene.source.size()) + " source points";
        if (s.scene.target) r += ", " + std::to_string(s.scene.target->size()) + " target points";
        if (s.scene.flow.is_object() && s.scene.flow.contains("kind")) r += ", flow " + s.scene.flow["kind"].dump();
        return r + ">";
      });

  m.def("load_scene", [](const std::filesystem::path& path) { return load_scene_file(path.string()); },
        py::arg("path"), "Read a scene file (as `monge run`): monge.Scene. FileNotFoundError if it is missing.");

  py::class_<PySimulation>(m, "Simulation", R"doc(A scene's flow, stepped from Python.

Simulation(scene, backend="auto"): scene a monge.Scene, a scene file path or a scene dict. The same
object `monge run`, `monge record` and the window advance: the same scene and seed give the same
positions bit for bit. step() releases the GIL; Ctrl-C stops it between steps.)doc")
      .def(py::init([](const py::object& scene, const std::string& backend) {
             return std::make_unique<PySimulation>(scene_of(scene, "scene"), backend_in(backend));
           }),
           py::arg("scene"), py::arg("backend") = "auto")
      .def("step", &step, py::arg("n") = 1, "Advance the flow n steps (time += n * dt).")
      .def("reset", [](PySimulation& s) { locked(s, [](Simulation& sim) { sim.reset(); return 0; }); },
           "Back to the scene's initial state (step 0).")
      .def_property_readonly("positions", [](PySimulation& s) {
        return to_numpy(locked(s, [](Simulation& sim) { return Points(sim.state().points); }));
      }, "(N, dim) float32 positions now (a copy; mesh flows: the mesh vertices)")
      .def_property_readonly("time", [](PySimulation& s) { return locked(s, [](Simulation& sim) { return sim.state().time; }); })
      .def_property_readonly("steps", [](PySimulation& s) {
        return locked(s, [](Simulation& sim) { return static_cast<long long>(sim.state().step); });
      }, "steps taken since the start (or the last reset)")
      .def_property_readonly("dt", [](PySimulation& s) { return locked(s, [](Simulation& sim) { return sim.dt(); }); })
      .def_property_readonly("diagnostics", [](PySimulation& s) {
        const Diagnostics d = locked(s, [](Simulation& sim) {
          return sim.latest_diagnostics();
        });
        py::dict out;
        for (const auto& [name, value] : d) out[py::str(name)] = value;
        return out;
      }, "the last step's diagnostics, {name: value} (as `monge run --json`)")
      .def("history", &history, "Every step's diagnostics: {\"step\": (K,), \"time\": (K,), name: (K,), ...} float64 arrays.")
      .def_property_readonly("backend", [](PySimulation& s) { return locked(s, [](Simulation& sim) { return sim.backend_label(); }); })
      .def_property_readonly("scene", [](PySimulation& s) { return s.scene; }, "the monge.Scene it runs")
      .def("__repr__", [](PySimulation& s) {
        return locked(s, [&](Simulation& sim) {
          return "<monge.Simulation '" + s.scene.scene.name + "' step " + std::to_string(sim.state().step) + ", t = " +
                 std::to_string(sim.state().time) + ">";
        });
      });
}

}  // namespace monge::python
