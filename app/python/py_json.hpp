#pragma once
// Python objects to and from JSON: scene dicts, flow and view objects, result fields. Through
// Python's json module, so the rules are Python's; numpy arrays and scalars become lists and
// numbers. Doubles keep every bit (both sides print and read the shortest exact form).
#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>
#include <string>

namespace monge::python {

namespace py = pybind11;

// InputError naming `name` when `object` has no JSON form ("flow: cannot be written as JSON: ...").
nlohmann::json to_json(py::handle object, const std::string& name);
py::object from_json(const nlohmann::json& json);

}  // namespace monge::python
