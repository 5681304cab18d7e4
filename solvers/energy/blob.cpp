#include "solvers/energy/blob.hpp"

#include <cmath>

#include "solvers/common/ordered_sum.hpp"

namespace monge {
namespace {

// Positions as doubles, structure of arrays (z = 0 in 2D).
std::vector<double> soa(const Points& X) {
  const int n = static_cast<int>(X.rows());
  std::vector<double> c(static_cast<std::size_t>(n) * 3, 0.0);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < X.cols(); ++k) c[static_cast<std::size_t>(k) * n + i] = X(i, k);
  return c;
}

constexpr double kCutoff = kBlobCutoff;

}  // namespace

double blob_velocity(const Points& X, const Eigen::VectorXd& w, const BlobOptions& o, std::vector<double>& velocity) {
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  const std::vector<double> c = soa(X);
  const double* xs = c.data();
  const double* ys = xs + n;
  const double* zs = ys + n;
  const double inv2e2 = 1.0 / (2 * o.eps * o.eps), cut2 = kCutoff * kCutoff * o.eps * o.eps;
  const double norm = std::pow(2 * M_PI * o.eps * o.eps, -0.5 * d);
  std::vector<double> rho(n), power(n);
  // Pass 1: rho_i = (phi_eps * rho)(X_i), self term included.
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; ++i) {
    double s = 0;
    for (int j = 0; j < n; ++j) {
      const double dx = xs[i] - xs[j], dy = ys[i] - ys[j], dz = zs[i] - zs[j];
      const double r2 = dx * dx + dy * dy + dz * dz;
      s += w[j] * blob_gaussian(r2, inv2e2, cut2);
    }
    rho[i] = norm * s;
    power[i] = std::pow(rho[i], o.m - 2);
  }
  // Pass 2: v_i = -sum_j w_j grad phi(X_i - X_j) (rho_i^(m-2) + rho_j^(m-2)),
  // with grad phi(z) = -phi(z) z / eps^2.
  velocity.assign(static_cast<std::size_t>(n) * d, 0.0);
  // ordered_sum over chunks of 16 rows (O(N) work each): the energy's bits do not depend on the
  // thread count.
  return ordered_sum(n, 16, [&](std::int64_t row) {
    const int i = static_cast<int>(row);
    double v0 = 0, v1 = 0, v2 = 0;
    for (int j = 0; j < n; ++j) {
      const double dx = xs[i] - xs[j], dy = ys[i] - ys[j], dz = zs[i] - zs[j];
      const double r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= cut2) continue;
      const double f = w[j] * std::exp(-r2 * inv2e2) * (power[i] + power[j]);
      v0 += f * dx;
      v1 += f * dy;
      v2 += f * dz;
    }
    const double scale = norm / (o.eps * o.eps);  // -grad phi = +phi z / eps^2, and v = -(grad) so sign +
    double* vi = velocity.data() + static_cast<std::size_t>(i) * d;
    vi[0] = scale * v0;
    if (d >= 2) vi[1] = scale * v1;  // d = 1: one column
    if (d == 3) vi[2] = scale * v2;
    return w[i] * blob_internal(rho[i], o.m);
  });
}

Eigen::VectorXd blob_density(const Points& X, const Eigen::VectorXd& w, double eps, const Points& Y) {
  const int n = static_cast<int>(X.rows()), k = static_cast<int>(Y.rows()), d = static_cast<int>(X.cols());
  const double inv2e2 = 1.0 / (2 * eps * eps), norm = std::pow(2 * M_PI * eps * eps, -0.5 * d);
  Eigen::VectorXd out(k);
#pragma omp parallel for schedule(static)
  for (int a = 0; a < k; ++a) {
    double s = 0;
    for (int j = 0; j < n; ++j) s += w[j] * std::exp(-(Y.row(a) - X.row(j)).squaredNorm() * inv2e2);
    out[a] = norm * s;
  }
  return out;
}

}  // namespace monge
