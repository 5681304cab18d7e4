#pragma once
// Points as text for the inspection panel: "(0.125, -2.5)".
#include <cstdio>
#include <string>

#include "solvers/common/types.hpp"

namespace monge {

inline std::string point_text(const Points& p, int i) {
  std::string out = "(";
  char number[32];
  for (int k = 0; k < p.cols(); ++k) {
    std::snprintf(number, sizeof number, "%s%.5g", k ? ", " : "", static_cast<double>(p(i, k)));
    out += number;
  }
  return out + ")";
}

inline std::string number_text(double v) {
  char number[32];
  std::snprintf(number, sizeof number, "%.5g", v);
  return number;
}

}  // namespace monge
