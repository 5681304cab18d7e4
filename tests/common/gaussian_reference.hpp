#pragma once
// The Gaussian world's reference values (tests/data/gaussian/reference.json, written by
// tests/data/gaussian/make_gaussian_reference.py with numpy/scipy/POT); json_eigen.hpp reads its arrays.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/common/json_eigen.hpp"

namespace monge::test {

inline const nlohmann::json& gaussian_reference() {
  static const nlohmann::json j = [] {
    std::ifstream in(std::string(MONGE_TEST_DATA) + "/gaussian/reference.json");
    EXPECT_TRUE(in.good()) << "run tests/data/gaussian/make_gaussian_reference.py";
    return nlohmann::json::parse(in);
  }();
  return j;
}

inline std::vector<Eigen::MatrixXd> json_matrices(const nlohmann::json& list) {
  std::vector<Eigen::MatrixXd> out;
  for (const auto& m : list) out.push_back(json_matrix(m));
  return out;
}

inline std::vector<double> json_doubles(const nlohmann::json& v) { return v.get<std::vector<double>>(); }

// Largest absolute entry of A - B over the largest of B (or 1 when B is small).
inline double relative_difference(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  return (A - B).cwiseAbs().maxCoeff() / std::max(1.0, B.cwiseAbs().maxCoeff());
}

}  // namespace monge::test
