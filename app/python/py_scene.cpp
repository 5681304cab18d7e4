#include "app/python/py_scene.hpp"

#include <pybind11/stl.h>

#include "app/io/point_file.hpp"
#include "app/python/numpy_arrays.hpp"
#include "app/python/py_json.hpp"
#include "app/scene/scene_writer.hpp"
#include "base/errors.hpp"

namespace monge::python {
namespace {

bool is_path(py::handle object) {
  return py::isinstance<py::str>(object) || py::hasattr(object, "__fspath__");
}

std::string path_text(py::handle object) { return py::str(py::module_::import("os").attr("fspath")(object)); }

// An array measure: its points, and its weights (empty: uniform).
struct ArrayMeasure {
  bool given = false;
  Points points;
  Weights weights;
};

// `measure` is an array: read it (and its weights) and put a one-point stand-in into the JSON,
// replaced after parsing. A dict: the measure object as it is.
ArrayMeasure read_measure_argument(py::handle measure, py::handle weights, const std::string& name,
                                   nlohmann::json& scene) {
  ArrayMeasure m;
  if (is_array_like(measure)) {
    m.given = true;
    m.points = points_from(measure, name, false, 2, 3);
    m.weights = weights_from(weights, name + "_weights", m.points.rows(), name);
    if (!scene.contains("dim")) scene["dim"] = m.points.cols();
    if (scene["dim"].is_number_integer() && scene["dim"].get<long long>() != m.points.cols())
      throw InputError(name + ": " + std::to_string(m.points.cols()) + " columns but the scene's dim is " +
                       scene["dim"].dump());
    scene[name] = {{"kind", "points"}, {"points", {std::vector<double>(m.points.cols(), 0.0)}}};
    return m;
  }
  if (!weights.is_none())
    throw InputError(name + "_weights: only with an array " + name + " (a measure dict has its own \"weights\")");
  if (!measure.is_none()) scene[name] = to_json(measure, name);
  return m;
}

}  // namespace

PyScene load_scene_file(const std::string& path) {
  try {
    PyScene s{load_scene(path)};
    s.as_loaded = true;
    return s;
  } catch (const InputError& e) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      PyErr_SetString(PyExc_FileNotFoundError, e.what());
      throw py::error_already_set();
    }
    throw;
  }
}

PyScene make_scene(const py::object& spec, const py::object& source, const py::object& target,
                   const py::object& flow, const py::object& view, const py::object& seed,
                   const py::object& name, const py::object& dim, const py::object& source_weights,
                   const py::object& target_weights, const py::object& captions) {
  const bool overrides = !source.is_none() || !target.is_none() || !flow.is_none() || !view.is_none() ||
                         !seed.is_none() || !name.is_none() || !dim.is_none() || !source_weights.is_none() ||
                         !target_weights.is_none() || !captions.is_none();
  nlohmann::json j = nlohmann::json::object();
  std::filesystem::path base_dir = std::filesystem::current_path(), file;
  std::string label = "scene";
  if (is_path(spec)) {
    PyScene as_loaded = load_scene_file(path_text(spec));
    if (!overrides) return as_loaded;
    const Scene& loaded = as_loaded.scene;
    j = scene_to_json(loaded, loaded.flow, loaded.view);  // relative measure paths made absolute
    base_dir = loaded.file.parent_path();
    label = loaded.file_label;
    file = loaded.file;
  } else if (py::isinstance<py::dict>(spec)) {
    j = to_json(spec, "scene");
  } else if (!spec.is_none()) {
    throw InputError("scene: expected a scene file path or a dict, got " +
                     std::string(py::str(py::type::of(spec).attr("__name__"))));
  }
  for (const auto& [key, value] : {std::pair<const char*, py::handle>{"flow", flow}, {"view", view}, {"seed", seed},
                                   {"name", name}, {"dim", dim}, {"captions", captions}})
    if (!value.is_none()) j[key] = to_json(value, key);
  const ArrayMeasure src = read_measure_argument(source, source_weights, "source", j);
  const ArrayMeasure tgt = read_measure_argument(target, target_weights, "target", j);

  PyScene s{parse_scene(j, base_dir, label)};
  s.scene.file = file;
  if (src.given) {
    s.scene.source = Measure{src.points, src.weights};
    s.source_from_array = true;
  }
  if (tgt.given) {
    s.scene.target = Measure{tgt.points, tgt.weights};
    s.target_from_array = true;
  }
  return s;
}

void PyScene::save(const std::filesystem::path& path) const {
  nlohmann::json j = scene_to_json(scene, scene.flow, scene.view);
  const std::filesystem::path folder = path.parent_path();
  const std::string stem = path.stem().string();
  auto write_measure = [&](const Measure& m, const std::string& role) {
    const std::string points = stem + "." + role + ".npy";
    save_points_npy(folder / points, m.points);
    nlohmann::json spec = {{"kind", "file"}, {"path", points}};
    if (!m.uniform()) {
      const std::string weights = stem + "." + role + "_weights.npy";
      save_npy_f32(folder / weights, m.weights.data(), {static_cast<std::size_t>(m.weights.size())});
      spec["weights"] = weights;
    }
    j[role] = spec;
  };
  if (source_from_array) write_measure(scene.source, "source");
  if (target_from_array && scene.target) write_measure(*scene.target, "target");
  save_scene(path, j);
}

PySimulation::PySimulation(PyScene s, Backend backend) : scene(std::move(s)) {
  sim = std::make_unique<Simulation>(scene.scene);
  sim->set_backend(backend);
}

PyScene scene_of(py::handle what, const std::string& name) {
  if (py::isinstance<PyScene>(what)) return what.cast<const PyScene&>();
  if (py::isinstance<PySimulation>(what)) return what.cast<PySimulation&>().scene;
  if (is_path(what)) return load_scene_file(path_text(what));
  if (py::isinstance<py::dict>(what)) {
    const py::none none;
    return make_scene(py::reinterpret_borrow<py::object>(what), none, none, none, none, none, none, none, none, none, none);
  }
  throw InputError(name + ": expected a monge.Scene, a monge.Simulation, a scene file path or a scene dict, got " +
                   std::string(py::str(py::type::of(what).attr("__name__"))));
}

}  // namespace monge::python
