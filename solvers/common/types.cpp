#include "solvers/common/types.hpp"

namespace monge {

Eigen::VectorXd Measure::probabilities() const {
  const int n = size();
  if (uniform()) return Eigen::VectorXd::Constant(n, n > 0 ? 1.0 / n : 0.0);
  Eigen::VectorXd w = weights.cast<double>();
  const double total = w.sum();
  return total > 0 ? Eigen::VectorXd(w / total) : w;
}

}  // namespace monge
