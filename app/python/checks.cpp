#include "app/python/checks.hpp"

#include <cmath>
#include <sstream>

#include "base/errors.hpp"

namespace monge::python {

long long integer_in(const std::string& name, long long value, long long min, long long max) {
  if (value < min || value > max)
    throw InputError(name + ": must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                     std::to_string(value));
  return value;
}

double number_in(const std::string& name, double value, double min, double max) {
  std::ostringstream s;
  if (!std::isfinite(value)) {
    s << name << ": expected a number, got '" << value << "'";
    throw InputError(s.str());
  }
  if (value < min || value > max) {
    s << name << ": must be in [" << min << ", " << max << "], got " << value;
    throw InputError(s.str());
  }
  return value;
}

std::pair<int, int> size_in(const std::string& name, std::pair<long long, long long> size, int max_side) {
  const auto [w, h] = size;
  if (w < 1 || h < 1 || w > max_side || h > max_side)
    throw InputError(name + ": expected (width, height) with sides 1.." + std::to_string(max_side) + ", got (" +
                     std::to_string(w) + ", " + std::to_string(h) + ")");
  return {static_cast<int>(w), static_cast<int>(h)};
}

Backend backend_in(const std::string& value) { return parse_backend(value, "backend"); }

}  // namespace monge::python
