#include "app/python/interrupt.hpp"

#include <pybind11/pybind11.h>

namespace monge::python {

namespace {
constexpr std::chrono::milliseconds kInterval{50};
}  // namespace

bool InterruptPoll::operator()() {
  if (raised_) return true;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < kInterval) return false;
  last_ = now;
  pybind11::gil_scoped_acquire gil;
  raised_ = PyErr_CheckSignals() != 0;
  return raised_;
}

}  // namespace monge::python
