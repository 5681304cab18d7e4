#pragma once
// numpy arrays to and from monge's arrays. Inputs: float32 C-contiguous arrays are read as they
// are (no numpy conversion); float64, other orders and nested lists are converted once. The
// solvers own their inputs as Eigen matrices (monge::Points), so each input is copied once into
// one (a memcpy for float32: 0.2 ms for 100k x 3). Outputs are handed to numpy without a copy:
// the array owns the moved C++ buffer.
// Errors (InputError, raised as ValueError) name the argument: "X: element [4, 1] is not finite".
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <vector>

#include "render/image.hpp"
#include "solvers/common/types.hpp"

namespace monge::python {

namespace py = pybind11;

// N by d points from `array` (N, d); with `allow_1d` a 1D array (N,) is N points in 1D.
// Columns must be in [min_cols, max_cols]. Every value finite and within float32's range.
Points points_from(py::handle array, const std::string& name, bool allow_1d = false, int min_cols = 1,
                   int max_cols = 1 << 20);
// N weights from a 1D array (N,), or empty (uniform) for None. `count`: the N of the points
// `points_name`, which they must match.
Weights weights_from(py::handle array, const std::string& name, Eigen::Index count, const std::string& points_name);
// F by 3 vertex indices from an (F, 3) integer array, as the 3F list of mesh::TriangleMesh.
std::vector<std::int32_t> faces_from(py::handle array, const std::string& name);

py::array_t<float> to_numpy(Points&& points);               // (N, d) float32
py::array_t<double> to_numpy(Eigen::VectorXd&& values);     // (N,) float64
py::array_t<std::uint8_t> to_numpy(Image&& image);          // (height, width, 4) uint8, rows top-down
py::array_t<std::int32_t> faces_to_numpy(std::vector<std::int32_t>&& faces);  // (F, 3) int32

// Points of a numpy array or nested list that is not None: true for anything points_from reads.
bool is_array_like(py::handle object);

}  // namespace monge::python
