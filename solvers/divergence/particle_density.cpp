#include "solvers/divergence/particle_density.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/errors.hpp"

namespace monge {

ParticleDensity::ParticleDensity(const QuadratureGrid& grid, double bandwidth, double floor_mass)
    : grid_(grid), h_(bandwidth), floor_(floor_mass) {
  validate_grid(grid, "grid");
  if (!(bandwidth > 0) || !std::isfinite(bandwidth)) throw InputError("bandwidth: must be positive");
  if (!(floor_mass >= 0 && floor_mass < 1)) throw InputError("floor mass: must be in [0, 1)");
}

void ParticleDensity::evaluate(const Points& X, std::vector<double>& log_q) {
  const int N = static_cast<int>(X.rows()), nx = grid_.nx, ny = grid_.ny;
  if (N < 1 || X.cols() != 2) throw InputError("particle density: expected N >= 1 points with 2 coordinates");
  n_ = N;
  fx_.resize(static_cast<std::size_t>(N) * nx);
  dfx_.resize(fx_.size());
  fy_.resize(static_cast<std::size_t>(N) * ny);
  dfy_.resize(fy_.size());
  const double norm = 1.0 / (std::sqrt(2.0 * M_PI) * h_), inv_h2 = 1.0 / (h_ * h_);
#pragma omp parallel for schedule(static)
  for (int n = 0; n < N; ++n) {
    for (int i = 0; i < nx; ++i) {
      const double t = grid_.x(i) - X(n, 0), f = norm * std::exp(-0.5 * t * t * inv_h2);
      fx_[static_cast<std::size_t>(n) * nx + i] = f;
      dfx_[static_cast<std::size_t>(n) * nx + i] = f * t * inv_h2;  // ∂/∂x_n0
    }
    for (int j = 0; j < ny; ++j) {
      const double t = grid_.y(j) - X(n, 1), f = norm * std::exp(-0.5 * t * t * inv_h2);
      fy_[static_cast<std::size_t>(n) * ny + j] = f;
      dfy_[static_cast<std::size_t>(n) * ny + j] = f * t * inv_h2;  // ∂/∂x_n1
    }
  }
  q_.assign(grid_.size(), 0.0);
  log_q.resize(grid_.size());
  const double uniform = floor_ / ((grid_.x1 - grid_.x0) * (grid_.y1 - grid_.y0)), scale = (1.0 - floor_) / N;
#pragma omp parallel for schedule(static)
  for (int j = 0; j < ny; ++j) {
    double* row = q_.data() + static_cast<std::size_t>(j) * nx;
    for (int n = 0; n < N; ++n) {
      const double a = fy_[static_cast<std::size_t>(n) * ny + j];
      const double* f = fx_.data() + static_cast<std::size_t>(n) * nx;
      for (int i = 0; i < nx; ++i) row[i] += a * f[i];
    }
    for (int i = 0; i < nx; ++i) {
      row[i] = scale * row[i] + uniform;
      log_q[static_cast<std::size_t>(j) * nx + i] = std::log(row[i]);
    }
  }
}

Points ParticleDensity::gradient(const std::vector<double>& s) const {
  const int N = n_, nx = grid_.nx, ny = grid_.ny;
  if (N == 0) throw InputError("particle density: gradient before evaluate");
  if (static_cast<int>(s.size()) != grid_.size()) throw InputError("particle density: one sensitivity per cell expected");
  // ∂ log q_g / ∂x_n = (1 - τ)/N · ∂φ_n(c_g)/∂x_n / q_g: weight each cell by S_g = s_g (1 - τ)/(N q_g).
  std::vector<double> S(grid_.size());
  const double scale = (1.0 - floor_) / N;
  for (int g = 0; g < grid_.size(); ++g) S[g] = s[g] * scale / q_[g];
  Points grad(N, 2);
#pragma omp parallel for schedule(static)
  for (int n = 0; n < N; ++n) {
    const double* f = fx_.data() + static_cast<std::size_t>(n) * nx;
    const double* df = dfx_.data() + static_cast<std::size_t>(n) * nx;
    double gx = 0, gy = 0;
    for (int j = 0; j < ny; ++j) {
      const double* row = S.data() + static_cast<std::size_t>(j) * nx;
      double a = 0, b = 0;
      for (int i = 0; i < nx; ++i) {
        a += row[i] * df[i];
        b += row[i] * f[i];
      }
      gx += a * fy_[static_cast<std::size_t>(n) * ny + j];
      gy += b * dfy_[static_cast<std::size_t>(n) * ny + j];
    }
    grad(n, 0) = static_cast<float>(gx);
    grad(n, 1) = static_cast<float>(gy);
  }
  return grad;
}

double scott_rule_bandwidth(const Points& X) {
  const int N = static_cast<int>(X.rows());
  if (N < 2 || X.cols() < 2) throw InputError("bandwidth: Scott's rule needs at least 2 points in 2D");
  double sd = 0.0;
  for (int k = 0; k < 2; ++k) {
    const double mean = X.col(k).cast<double>().mean();
    sd += 0.5 * std::sqrt((X.col(k).cast<double>().array() - mean).square().sum() / (N - 1));
  }
  return std::max(sd, 1e-6) * std::pow(static_cast<double>(N), -1.0 / 6.0);
}

Mixture2D kde_mixture(const Points& X, const Weights& w, double h) {
  const int N = static_cast<int>(X.rows());
  if (N < 1 || X.cols() != 2) throw InputError("kde: expected N >= 1 points with 2 coordinates");
  if (!(h > 0) || !std::isfinite(h)) throw InputError("kde: bandwidth must be positive");
  if (w.size() != 0 && w.size() != N) throw InputError("kde: one weight per point expected");
  double total = w.size() ? w.cast<double>().sum() : N;
  if (!(total > 0)) throw InputError("kde: the weights must have a positive sum");
  Eigen::VectorXd theta(Mixture2D::kPerComponent * N);
  int kept = 0;
  for (int n = 0; n < N; ++n) {
    const double wn = w.size() ? w[n] : 1.0;
    if (!(wn > 0)) continue;  // zero weight: no kernel
    theta.segment<6>(6 * kept++) << std::log(wn / total), X(n, 0), X(n, 1), std::log(h), 0.0, std::log(h);
  }
  theta.conservativeResize(6 * kept);
  return Mixture2D(theta);
}

}  // namespace monge
