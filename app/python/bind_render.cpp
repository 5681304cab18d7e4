// monge.render, monge.record, monge.show: pictures, videos and the window, through the code of
// `monge render` (app/canvas/offscreen.hpp), `monge record` (app/cli/record_scene.hpp) and the GUI
// (app/gui/gui_app.hpp run_gui).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cstdlib>
#include <optional>

#include "app/canvas/offscreen.hpp"
#include "app/cli/record_scene.hpp"
#include "app/gui/gui_app.hpp"
#include "app/python/bindings.hpp"
#include "app/python/checks.hpp"
#include "app/python/interrupt.hpp"
#include "app/python/numpy_arrays.hpp"
#include "app/python/py_scene.hpp"
#include "app/scene/json_node.hpp"
#include "app/scene/view_settings.hpp"
#include "base/errors.hpp"

namespace monge::python {
namespace {

using Size = std::pair<long long, long long>;

Image draw(const Scene& scene, const FlowState& state, int width, int height, bool transparent) {
  const ViewSettings view = parse_view(JsonNode(scene.view, scene.file_label, "view"), scene.dim);
  OffscreenRenderer renderer(width, height);
  return renderer.render(scene, view, state, transparent, /*overlays=*/true);  // captions, colour bars: as `monge render`
}

py::array_t<std::uint8_t> render(const py::object& what, Size size, long long steps, bool transparent, const std::string& backend) {
  const auto [width, height] = size_in("size", size);
  integer_in("steps", steps, 0, 100'000'000);
  const Backend backend_choice = backend_in(backend);
  Image image;
  if (py::isinstance<PySimulation>(what)) {
    if (steps > 0) throw InputError("steps: step the Simulation itself (sim.step(n)) before rendering it");
    PySimulation& s = what.cast<PySimulation&>();
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(s.mutex);
    image = draw(s.sim->scene(), s.sim->state(), width, height, transparent);
  } else {
    Simulation sim(scene_of(what, "scene").scene);
    if (steps > 0) sim.set_backend(backend_choice);
    InterruptPoll poll;
    {
      py::gil_scoped_release release;
      for (long long i = 0; i < steps && sim.has_flow() && !poll(); ++i) sim.step();
      if (!poll.raised()) image = draw(sim.scene(), sim.state(), width, height, transparent);
    }
    if (poll.raised()) throw py::error_already_set();
  }
  return to_numpy(std::move(image));
}

std::string record(const py::object& what, const std::filesystem::path& out, double fps, Size size,
                   std::optional<double> seconds, std::optional<long long> steps, long long stride, bool ui,
                   bool transparent, const std::string& backend) {
  RecordOptions o;
  o.out = out;
  std::tie(o.width, o.height) = size_in("size", size);
  o.fps = number_in("fps", fps, 0.1, 240.0);
  o.stride = integer_in("stride", stride, 1, 1'000'000);
  o.backend = backend_in(backend);
  o.transparent = transparent;
  if (seconds) number_in("seconds", *seconds, 0.0, 86400.0);
  if (steps) integer_in("steps", *steps, 0, 1'000'000'000);
  o.frames = record_frame_count(seconds, steps, o.fps, o.stride, "");
  const PyScene scene = scene_of(what, "scene");
  check_recording(scene.scene, o, "");
  InterruptPoll poll;
  bool written = false;
  {
    py::gil_scoped_release release;
    written = record_scene(scene.scene, o, ui, [&poll] { return poll(); }, nullptr);
  }
  if (!written) throw py::error_already_set();  // only a Ctrl-C stops a recording
  return out.string();
}

// A temporary folder, removed with everything in it when this goes out of scope.
struct TemporaryFolder {
  std::filesystem::path path;
  TemporaryFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "monge-show-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw OutputError("cannot create a temporary folder for the window's scene in " +
                                                    std::filesystem::temp_directory_path().string());
    path = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

void show(const py::object& what, const py::object& Y, const py::object& flow, const py::object& view, Size size, bool play, const std::string& backend,
          long long frames, std::optional<std::filesystem::path> screenshot) {
  GuiOptions o;
  std::tie(o.width, o.height) = size_in("size", size);
  o.size_given = true;
  o.play = play;
  o.backend = backend_in(backend);
  o.frames = static_cast<int>(integer_in("frames", frames, 0, 100'000'000));
  if (screenshot) {
    o.screenshot = screenshot->string();
    if (o.frames == 0) o.frames = 30;  // as `monge --screenshot`
  }
  const py::none none;
  PyScene scene;
  if (is_array_like(what)) {
    scene = make_scene(none, what, Y, flow, view, none, none, none, none, none, none);
  } else {
    if (!Y.is_none() || !flow.is_none() || !view.is_none())
      throw InputError("Y, flow, view: only with an array X (a scene has its own; build one with monge.Scene(...))");
    scene = scene_of(what, "X");
  }
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
    throw std::runtime_error("no display found (DISPLAY is unset): monge.show needs one; headless: monge.render, monge.record");
  // The window opens scene files: the scene's own when it is as loaded, else this one, with array
  // measures as .npy files beside it.
  const TemporaryFolder folder;
  o.scene = scene.as_loaded ? scene.scene.file : folder.path / "scene.json";
  if (!scene.as_loaded) scene.save(*o.scene);
  int code = 0;
  {
    py::gil_scoped_release release;
    code = run_gui(o);
  }
  if (code != 0) throw std::runtime_error("the window could not open (the reason is on stderr)");
}

}  // namespace

void bind_render(py::module_& m) {
  m.def("render", &render, py::arg("scene"), py::kw_only(), py::arg("size") = Size{1280, 720}, py::arg("steps") = 0,
        py::arg("transparent") = false, py::arg("backend") = "auto",
        R"doc(Draw a scene offscreen (EGL: no display needed), as `monge render`.

  scene        a monge.Simulation (drawn as it is now), a monge.Scene, a scene file path or a dict
  size         (width, height) in pixels
  steps        for a scene: advance its flow this many steps first (as --steps)
  transparent  transparent background (alpha 0 where nothing is drawn)

Returns an (height, width, 4) uint8 RGBA array, rows top-down: IPython.display shows it
(e.g. PIL.Image.fromarray(img)), matplotlib's imshow draws it.)doc");

  m.def("record", &record, py::arg("scene"), py::arg("out"), py::kw_only(), py::arg("fps") = 30.0,
        py::arg("size") = Size{1280, 720}, py::arg("seconds") = py::none(), py::arg("steps") = py::none(),
        py::arg("stride") = 1, py::arg("ui") = false, py::arg("transparent") = false, py::arg("backend") = "auto",
        R"doc(Record a scene's flow headless, as `monge record`: frame k is the state after k * stride steps.

  scene    a monge.Scene, a scene file path or a dict (a monge.Simulation: its scene, from step 0)
  out      "x.mp4" (H.264), "x.gif", "x.webm" (VP9), "x.mov" (ProRes 4444), or a folder (numbered
           PNGs); written whole or not at all
  fps      frames per second;  size  (width, height), even for MP4
  seconds  video length (round(seconds * fps) frames), or
  steps    flow steps to cover (steps // stride + 1 frames): exactly one of the two
  ui       draw the info panel (scene, step, time, diagnostics)
  transparent  transparent background, alpha kept (.webm, .mov and PNG folders only, as --transparent)
Returns out as a string. Ctrl-C stops it and removes the partial output.)doc");

  m.def("show", &show, py::arg("X"), py::arg("Y") = py::none(), py::kw_only(), py::arg("flow") = py::none(),
        py::arg("view") = py::none(), py::arg("size") = Size{1280, 800}, py::arg("play") = false,
        py::arg("backend") = "auto", py::arg("frames") = 0, py::arg("screenshot") = py::none(),
        R"doc(Open the desktop window, returning when it closes (like polyscope.show()).

  show(X, Y=None, flow=None, view=None)   X (N, 2|3) source points, Y (M, 2|3) target points,
                                          flow/view dicts as in a scene file
  show(scene)                             a monge.Scene, a monge.Simulation's scene, a path or a dict
  size    window (width, height);  play  start the flow at once;  backend  "auto", "cpu", "cuda"
  frames, screenshot   automation (as `monge --frames N --screenshot OUT.png`): close after
                       `frames` frames, writing the window to `screenshot`
Needs a display (RuntimeError without one).)doc");
}

}  // namespace monge::python
