#include "app/io/coordinate_bound.hpp"

#include <cmath>
#include <cstdio>

#include "base/errors.hpp"

namespace monge {

const char* const kCoordinateRule =
    "coordinates must be finite and at most 1e12 in magnitude (so that squared distances summed in float32 cannot "
    "overflow); rescale the data";

std::string coordinate_problem(const Points& points) {
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    for (Eigen::Index k = 0; k < points.cols(); ++k) {
      const float v = points(i, k);
      if (std::isfinite(v) && std::abs(v) <= kMaxCoordinate) continue;
      char value[32];
      std::snprintf(value, sizeof value, "%.9g", static_cast<double>(v));
      return "point " + std::to_string(i) + ", coordinate " + std::to_string(k) + " is " + value + ": " + kCoordinateRule;
    }
  return "";
}

void check_coordinates(const Points& points, const std::string& where) {
  if (std::string problem = coordinate_problem(points); !problem.empty()) throw InputError(where + ": " + problem);
}

}  // namespace monge
