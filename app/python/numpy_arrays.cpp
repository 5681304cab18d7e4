#include "app/python/numpy_arrays.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "base/errors.hpp"

namespace monge::python {
namespace {

std::string shape_text(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t k = 0; k < a.ndim(); ++k) s += (k ? ", " : "") + std::to_string(a.shape(k));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

py::array as_array(py::handle object, const std::string& name, const char* expected) {
  py::array a;
  try {
    a = py::array::ensure(object);
  } catch (const py::error_already_set&) {
  }
  if (!a) throw InputError(name + ": expected " + std::string(expected) + ", got " + std::string(py::str(py::type::of(object).attr("__name__"))));
  const char kind = a.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u')
    throw InputError(name + ": expected " + std::string(expected) + " of numbers, got dtype " + std::string(py::str(a.dtype())));
  return a;
}

// Owns a C++ buffer for numpy (the capsule deletes it with the array).
template <class T>
py::capsule owner(T* object) {
  return py::capsule(object, [](void* p) { delete static_cast<T*>(p); });
}

}  // namespace

bool is_array_like(py::handle object) {
  if (object.is_none() || py::isinstance<py::dict>(object) || py::isinstance<py::str>(object)) return false;
  return py::isinstance<py::array>(object) || py::isinstance<py::list>(object) || py::isinstance<py::tuple>(object);
}

Points points_from(py::handle object, const std::string& name, bool allow_1d, int min_cols, int max_cols) {
  const py::array a = as_array(object, name, "an (N, d) array");
  const bool one_d = allow_1d && a.ndim() == 1;
  if (a.ndim() != 2 && !one_d)
    throw InputError(name + ": expected an (N, d) array" + std::string(allow_1d ? " or (N,)" : "") + ", got shape " + shape_text(a));
  const py::ssize_t rows = a.shape(0), cols = one_d ? 1 : a.shape(1);
  if (rows < 1) throw InputError(name + ": no points (shape " + shape_text(a) + ")");
  if (cols < min_cols || cols > max_cols) {
    const std::string want = min_cols == max_cols ? std::to_string(min_cols)
                                                  : std::to_string(min_cols) + " to " + std::to_string(max_cols);
    throw InputError(name + ": expected " + want + " columns, got shape " + shape_text(a));
  }
  Points P(rows, cols);
  const auto element = [&](std::size_t k) { return "[" + std::to_string(k / cols) + ", " + std::to_string(k % cols) + "]"; };
  const std::size_t count = static_cast<std::size_t>(rows * cols);
  if (a.dtype().is(py::dtype::of<float>()) && (a.flags() & py::array::c_style)) {
    std::memcpy(P.data(), a.data(), count * sizeof(float));  // the one copy (see the top of the header)
    const float* v = P.data();
    for (std::size_t k = 0; k < count; ++k)
      if (!std::isfinite(v[k])) throw InputError(name + ": element " + element(k) + " is not finite");
    return P;
  }
  const auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
  const double* v = d.data();
  for (std::size_t k = 0; k < count; ++k) {
    if (!std::isfinite(v[k]) || std::abs(v[k]) >= static_cast<double>(std::numeric_limits<float>::max()))
      throw InputError(name + ": element " + element(k) + " is " + (std::isfinite(v[k]) ? "out of float32 range" : "not finite"));
    P.data()[k] = static_cast<float>(v[k]);
  }
  return P;
}

Weights weights_from(py::handle object, const std::string& name, Eigen::Index count, const std::string& points_name) {
  if (object.is_none()) return {};
  const py::array a = as_array(object, name, "an (N,) array");
  if (a.ndim() != 1) throw InputError(name + ": expected an (N,) array, got shape " + shape_text(a));
  if (a.shape(0) != count)
    throw InputError(name + ": " + std::to_string(a.shape(0)) + " weights but " + points_name + " has " +
                     std::to_string(count) + " points");
  const auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
  Weights w(count);
  double total = 0;
  for (Eigen::Index i = 0; i < count; ++i) {
    const double v = d.data()[i];
    if (!std::isfinite(v) || v < 0) throw InputError(name + ": weight " + std::to_string(i) + " is negative or not finite");
    w[i] = static_cast<float>(v);
    total += v;
  }
  if (!(total > 0)) throw InputError(name + ": the weights sum to zero");
  return w;
}

std::vector<std::int32_t> faces_from(py::handle object, const std::string& name) {
  const py::array a = as_array(object, name, "an (F, 3) array of vertex indices");
  if (a.ndim() != 2 || a.shape(1) != 3) throw InputError(name + ": expected an (F, 3) array of vertex indices, got shape " + shape_text(a));
  if (a.dtype().kind() == 'f') throw InputError(name + ": expected integer vertex indices, got dtype " + std::string(py::str(a.dtype())));
  const auto i64 = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
  std::vector<std::int32_t> faces(static_cast<std::size_t>(a.size()));
  for (std::size_t k = 0; k < faces.size(); ++k) {
    const std::int64_t v = i64.data()[k];
    if (v < 0 || v > std::numeric_limits<std::int32_t>::max())
      throw InputError(name + ": face " + std::to_string(k / 3) + ": vertex index " + std::to_string(v) + " out of range");
    faces[k] = static_cast<std::int32_t>(v);
  }
  return faces;
}

py::array_t<float> to_numpy(Points&& points) {
  auto* p = new Points(std::move(points));
  return py::array_t<float>({p->rows(), p->cols()}, p->data(), owner(p));
}

py::array_t<double> to_numpy(Eigen::VectorXd&& values) {
  auto* v = new Eigen::VectorXd(std::move(values));
  return py::array_t<double>({v->size()}, v->data(), owner(v));
}

py::array_t<std::uint8_t> to_numpy(Image&& image) {
  auto* i = new Image(std::move(image));
  return py::array_t<std::uint8_t>({i->height, i->width, 4}, i->rgba.data(), owner(i));
}

py::array_t<std::int32_t> faces_to_numpy(std::vector<std::int32_t>&& faces) {
  auto* f = new std::vector<std::int32_t>(std::move(faces));
  return py::array_t<std::int32_t>({static_cast<py::ssize_t>(f->size() / 3), py::ssize_t{3}}, f->data(), owner(f));
}

}  // namespace monge::python
