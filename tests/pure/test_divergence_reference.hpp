#pragma once
// Helpers of the divergence tests (tests/pure/test_divergence_*.cpp): the reference values made by
// tests/data/divergence/make_reference.py, read from JSON, and the grids the tests integrate on.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "solvers/common/shapes.hpp"
#include "solvers/divergence/quadrature_grid.hpp"
#include "tests/common/json_eigen.hpp"

namespace monge::test {

// tests/data/divergence/reference.json. Keep the returned value in a variable before iterating
// over a member of it (a range-for over reference()["x"] would outlive the temporary).
inline nlohmann::json divergence_reference() {
  std::ifstream in(std::string(MONGE_TEST_DATA) + "/divergence/reference.json");
  EXPECT_TRUE(in.good());
  return nlohmann::json::parse(in);
}

// [{"weight": w, "mean": [...], "cov": [[...]]}, ...] as mixture components.
inline std::vector<GaussianComponent> json_components(const nlohmann::json& list) {
  std::vector<GaussianComponent> out;
  for (const auto& c : list) out.push_back({c["weight"].get<double>(), json_vector(c["mean"]), json_matrix(c["cov"])});
  return out;
}

// cells × cells over [-half, half]².
inline QuadratureGrid square_grid(double half, int cells) {
  QuadratureGrid g;
  g.nx = g.ny = cells;
  g.x0 = g.y0 = -half;
  g.x1 = g.y1 = half;
  return g;
}

}  // namespace monge::test
