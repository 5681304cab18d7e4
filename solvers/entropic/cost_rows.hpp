#pragma once
// Internal to solvers/entropic: where the cost rows come from. Dense mode reads a stored
// matrix; online mode recomputes C_ij from the positions, one row at a time per thread, so the
// memory stays O(N + M).
#include <Eigen/Core>

#include "solvers/common/types.hpp"
#include "solvers/entropic/entropic_math.hpp"
#include "solvers/entropic/softmin_runner.hpp"

namespace monge::entropic {

struct CostRows {
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>* dense = nullptr;  // rows by cols
  const Points* X = nullptr;  // rows by d (online)
  const Points* Y = nullptr;  // cols by d (online)
  int kind = 0;
  double p = 2.0;
  int rows = 0, cols = 0;
  SoftminRunner* runner = nullptr;  // online only: the row reductions run there (softmin_runner.hpp)

  SoftminProblem problem() const { return SoftminProblem{X, Y, kind, p}; }

  // Row i of C, either a pointer into the stored matrix or `buffer` (cols entries) filled in.
  const double* row(int i, double* buffer) const {
    if (dense) return dense->data() + static_cast<std::ptrdiff_t>(i) * cols;
    const int d = static_cast<int>(X->cols());
    const float* x = X->data() + static_cast<std::ptrdiff_t>(i) * d;
    const float* y = Y->data();
    if (kind == 0 && d == 2) {  // the common case, vectorised
      const double x0 = x[0], x1 = x[1];
      for (int j = 0; j < cols; ++j) {
        const double t0 = x0 - y[2 * j], t1 = x1 - y[2 * j + 1];
        buffer[j] = t0 * t0 + t1 * t1;
      }
    } else {
      for (int j = 0; j < cols; ++j) buffer[j] = ground_cost(x, y + static_cast<std::ptrdiff_t>(j) * d, d, kind, p);
    }
    return buffer;
  }
};

// out_i = −ε log Σ_j exp(logw_j + (h_j − C_ij)/ε) for every row i (the Sinkhorn half-step),
// a max-shifted log-sum-exp accumulated in double; `single` computes the exps in float (2x the
// lanes; summands to ~1e-7 relative, for loose tolerances). With C.runner set, the
// runner computes it (one branch per half-step: the CPU path is unchanged). softmin.cpp.
void softmin_rows(const CostRows& C, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps, bool single,
                  Eigen::VectorXd& out);

}  // namespace monge::entropic
