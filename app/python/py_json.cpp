#include "app/python/py_json.hpp"

#include "base/errors.hpp"

namespace monge::python {

nlohmann::json to_json(py::handle object, const std::string& name) {
  const py::module_ json = py::module_::import("json");
  // numpy arrays and scalars have tolist() (a scalar's is the Python number).
  const py::cpp_function plain([](py::handle o) -> py::object {
    if (py::hasattr(o, "tolist")) return o.attr("tolist")();
    throw py::type_error("Object of type " + std::string(py::str(py::type::of(o).attr("__name__"))) + " is not JSON serializable");
  });
  std::string text;
  try {
    text = py::str(json.attr("dumps")(object, py::arg("default") = plain, py::arg("allow_nan") = false));
  } catch (py::error_already_set& e) {
    const std::string why = e.what();
    throw InputError(name + ": cannot be written as JSON (" + why.substr(0, why.find('\n')) + ")");
  }
  return nlohmann::json::parse(text);
}

py::object from_json(const nlohmann::json& json) {
  return py::module_::import("json").attr("loads")(json.dump());
}

}  // namespace monge::python
