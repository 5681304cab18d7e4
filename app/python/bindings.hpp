#pragma once
// The parts of the Python module `monge`, one file each, added to the module by module.cpp.
#include <pybind11/pybind11.h>

namespace monge::python {

namespace py = pybind11;

void bind_sliced(py::module_& m);    // bind_sliced.cpp: sw, sw_directions
void bind_entropic(py::module_& m);  // bind_entropic.cpp: sinkhorn, PLAN_LIMIT
void bind_scene(py::module_& m);     // bind_scene.cpp: Scene, Simulation, load_scene
void bind_render(py::module_& m);    // bind_render.cpp: render, record, show
void bind_deform(py::module_& m);    // bind_deform.cpp: deform, load_mesh

// A result object with attributes (types.SimpleNamespace): `fields` a dict.
py::object namespace_of(const py::dict& fields);

}  // namespace monge::python
