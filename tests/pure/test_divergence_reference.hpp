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

namespace monge::test {

// tests/data/divergence/reference.json. Keep the returned value in a variable before iterating
// over a member of it (a range-for over reference()["x"] would outlive the temporary).
inline nlohmann::json divergence_reference() {
  std::ifstream in(std::string(MONGE_TEST_DATA) + "/divergence/reference.json");
  EXPECT_TRUE(in.good());
  return nlohmann::json::parse(in);
}

inline Eigen::MatrixXd json_matrix(const nlohmann::json& rows) {
  Eigen::MatrixXd M(rows.size(), rows[0].size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) M(r, c) = rows[r][c].get<double>();
  return M;
}

inline Eigen::VectorXd json_vector(const nlohmann::json& v) {
  Eigen::VectorXd x(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) x[i] = v[i].get<double>();
  return x;
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
