#pragma once
// Mass, mean and covariance of a weighted point cloud or a density grid, appended to a flow's
// diagnostics as {"mass"}, {"mean_x"}, {"mean_y"}[, {"mean_z"}], {"cov_xx"}, {"cov_xy"}, {"cov_yy"}
// [, {"cov_xz"}, {"cov_yz"}, {"cov_zz"}].
#include <Eigen/Core>

#include "solvers/common/types.hpp"

namespace monge {

struct Moments {
  double mass = 0;
  Eigen::VectorXd mean;  // d
  Eigen::MatrixXd cov;   // d by d (population covariance, weights normalised by the mass)
};

// X  N by d; w  N weights (not necessarily normalised).
Moments point_moments(const Points& X, const Eigen::VectorXd& w);
// Grid values are densities: the mass of cell (i, j) is values[j*nx+i] * cell area.
Moments grid_moments(const DensityGrid& grid);
void append_moments(const Moments& m, Diagnostics& out);

}  // namespace monge
