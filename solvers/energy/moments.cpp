#include "solvers/energy/moments.hpp"

namespace monge {

Moments point_moments(const Points& X, const Eigen::VectorXd& w) {
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  Moments m;
  m.mean = Eigen::VectorXd::Zero(d);
  m.cov = Eigen::MatrixXd::Zero(d, d);
  Eigen::MatrixXd Xd = X.cast<double>();
  m.mass = w.sum();
  if (n == 0 || !(m.mass > 0)) return m;
  m.mean = (Xd.transpose() * w) / m.mass;
  Xd.rowwise() -= m.mean.transpose();
  m.cov = Xd.transpose() * w.asDiagonal() * Xd / m.mass;
  return m;
}

Moments grid_moments(const DensityGrid& g) {
  Moments m;
  m.mean = Eigen::VectorXd::Zero(2);
  m.cov = Eigen::MatrixXd::Zero(2, 2);
  const double hx = (g.x1 - g.x0) / g.nx, hy = (g.y1 - g.y0) / g.ny;
  double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  for (int j = 0; j < g.ny; ++j) {
    const double y = g.y0 + (j + 0.5) * hy;
    for (int i = 0; i < g.nx; ++i) {
      const double x = g.x0 + (i + 0.5) * hx, v = g.values[static_cast<std::size_t>(j) * g.nx + i];
      s += v; sx += v * x; sy += v * y; sxx += v * x * x; sxy += v * x * y; syy += v * y * y;
    }
  }
  m.mass = s * hx * hy;
  if (!(s > 0)) return m;
  m.mean << sx / s, sy / s;
  m.cov << sxx / s - m.mean[0] * m.mean[0], sxy / s - m.mean[0] * m.mean[1],
      sxy / s - m.mean[0] * m.mean[1], syy / s - m.mean[1] * m.mean[1];
  return m;
}

void append_moments(const Moments& m, Diagnostics& out) {
  static const char* axes[] = {"x", "y", "z"};
  const int d = static_cast<int>(m.mean.size());
  out.emplace_back("mass", m.mass);
  for (int k = 0; k < d; ++k) out.emplace_back(std::string("mean_") + axes[k], m.mean[k]);
  out.emplace_back("cov_xx", m.cov(0, 0));
  out.emplace_back("cov_xy", m.cov(0, 1));
  out.emplace_back("cov_yy", m.cov(1, 1));
  if (d == 3) {
    out.emplace_back("cov_xz", m.cov(0, 2));
    out.emplace_back("cov_yz", m.cov(1, 2));
    out.emplace_back("cov_zz", m.cov(2, 2));
  }
}

}  // namespace monge
