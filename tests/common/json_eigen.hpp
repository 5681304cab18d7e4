#pragma once
// Reference fixtures (tests/data/*/reference.json) as Eigen values: a list of rows as a matrix, a
// list of numbers as a vector.
#include <Eigen/Core>
#include <nlohmann/json.hpp>

namespace monge::test {

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

}  // namespace monge::test
