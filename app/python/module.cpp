// The Python module `monge`: monge's solvers, scenes, simulations, renderer, recorder and window
// on numpy arrays. A thin skin over the libraries the CLI and the GUI use (app/cli, app/scene,
// app/canvas, app/gui), so the same inputs give the same numbers and pictures; docs/python.md.
//
// Errors: monge's InputError (bad input; the CLI prints it and exits 2) is ValueError with the
// same one-line message (options spelled as the keyword arguments); a missing file is
// FileNotFoundError, an output that cannot be written OSError, a numerical failure
// monge.SolverError (a RuntimeError). Ctrl-C stops a long call with KeyboardInterrupt.
#include <pybind11/pybind11.h>

#include "app/python/bindings.hpp"
#include "base/errors.hpp"

namespace monge::python {

py::object namespace_of(const py::dict& fields) { return py::module_::import("types").attr("SimpleNamespace")(**fields); }

}  // namespace monge::python

PYBIND11_MODULE(monge, m) {
  namespace py = pybind11;
  m.doc() =
      "monge: optimal transport computed and animated, on numpy arrays.\n\n"
      "  sw, sw_directions   sliced-Wasserstein distance (and gradient)\n"
      "  sinkhorn            entropic optimal transport (cost, potentials, plan, divergence)\n"
      "  Scene, Simulation   scenes (files, dicts, arrays) and their flows stepped from Python\n"
      "  render, record      offscreen pictures (numpy RGBA) and videos (MP4, GIF, PNGs), headless via EGL\n"
      "  show                the desktop window on your arrays or scene, returning when it closes\n"
      "  deform, load_mesh   mesh deformation by a trained ODE flow, and mesh files\n\n"
      "Arrays: (N, d) float32 C-contiguous arrays are read as they are; float64 is converted.\n"
      "The GIL is released while solvers run; Ctrl-C interrupts a long call. See docs/python.md.";
  m.attr("__version__") = MONGE_VERSION;

  static py::exception<monge::SolverError> solver_error(m, "SolverError", PyExc_RuntimeError);
  solver_error.doc() = "A numerical failure during a solve (a step size that blows up, a NaN in the state).";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const monge::Cancelled& e) {
      // The poll that stopped the call left Python's exception (KeyboardInterrupt) set: keep it.
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    } catch (const monge::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const monge::OutputError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const monge::SolverError& e) {
      PyErr_SetString(solver_error.ptr(), e.what());
    }
  });

  monge::python::bind_sliced(m);
  monge::python::bind_entropic(m);
  monge::python::bind_scene(m);
  monge::python::bind_render(m);
  monge::python::bind_deform(m);
}
