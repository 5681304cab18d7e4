#pragma once
// Scenes and simulations as the Python module holds them (monge.Scene, monge.Simulation), shared
// by bind_scene.cpp (the classes) and bind_render.cpp (render, record, show take either).
#include <pybind11/pybind11.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "app/scene/scene.hpp"
#include "app/scene/simulation.hpp"

namespace monge::python {

namespace py = pybind11;

// A scene, and which of its measures came from numpy arrays: the window opens scene files, so
// save() writes those measures to .npy files beside the scene file.
struct PyScene {
  Scene scene;
  bool source_from_array = false, target_from_array = false;
  bool as_loaded = false;  // exactly the scene file scene.file says (the window may open that file)

  // Writes the scene to `path` (JSON) and its array measures beside it as <stem>.source.npy,
  // <stem>.target.npy (and .source_weights.npy, .target_weights.npy), so that `monge PATH`,
  // `monge record PATH` and monge.Scene(PATH) load the same scene. Files are written whole or
  // not at all (OutputError naming the path).
  void save(const std::filesystem::path& path) const;
};

// monge.Scene(spec, source=..., ...): `spec` a scene file path, a scene dict or None; the keyword
// arguments replace the fields of the same names (source and target: a measure dict, or an (N, d)
// array of points with optional (N,) weights). InputError (ValueError) naming the field;
// FileNotFoundError for a missing scene file.
PyScene make_scene(const py::object& spec, const py::object& source, const py::object& target,
                   const py::object& flow, const py::object& view, const py::object& seed,
                   const py::object& name, const py::object& dim, const py::object& source_weights,
                   const py::object& target_weights, const py::object& captions);

// A scene file as it is (as_loaded), with FileNotFoundError (the CLI's message) when it does not exist.
PyScene load_scene_file(const std::string& path);

// A simulation of a scene. Python threads may share it: every use holds `mutex` (taken with the
// GIL released, so a long step() in one thread never blocks another thread's Python code).
struct PySimulation {
  PySimulation(PyScene scene, Backend backend);
  PyScene scene;
  std::unique_ptr<Simulation> sim;
  std::mutex mutex;
};

// A Scene, Simulation, scene file path or scene dict passed to render/record/show as a PyScene
// (a Simulation: its scene).
PyScene scene_of(py::handle what, const std::string& name);

}  // namespace monge::python
