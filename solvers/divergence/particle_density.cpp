#include "solvers/divergence/particle_density.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/errors.hpp"

namespace monge {
namespace {

// a = Σ_i s[i] u[i] and b = Σ_i s[i] v[i] in four interleaved partial sums (lane k takes
// i ≡ k mod 4), added in a fixed order at the end: the compiler vectorises the lanes without
// reassociating anything, so the result does not depend on the build's vector width or threads.
void dot2(const double* s, const double* u, const double* v, int n, double& a, double& b) {
  double pa[4] = {0, 0, 0, 0}, pb[4] = {0, 0, 0, 0};
  int i = 0;
  for (; i + 4 <= n; i += 4)
    for (int k = 0; k < 4; ++k) {
      pa[k] += s[i + k] * u[i + k];
      pb[k] += s[i + k] * v[i + k];
    }
  for (int k = 0; i < n; ++i, ++k) {
    pa[k] += s[i] * u[i];
    pb[k] += s[i] * v[i];
  }
  a = (pa[0] + pa[1]) + (pa[2] + pa[3]);
  b = (pb[0] + pb[1]) + (pb[2] + pb[3]);
}

}  // namespace

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
  const double norm = 1.0 / (std::sqrt(2.0 * M_PI) * h_), inv_h2 = 1.0 / (h_ * h_), reach = kKernelReach * h_;
  // Each particle's window: the cells within `reach` of it along each axis (clipped to the grid).
  windows_.resize(N);
  std::size_t fx_size = 0, fy_size = 0;
  for (int n = 0; n < N; ++n) {
    Window& w = windows_[n];
    const double x = X(n, 0), y = X(n, 1);
    // Cell indices as doubles, clamped before the conversion (a particle far off the grid would
    // overflow an int).
    auto cell = [](double t, int n) { return static_cast<int>(std::clamp(t, -1.0, static_cast<double>(n))); };
    w.i0 = std::max(0, cell(std::ceil((x - reach - grid_.x0) / grid_.dx() - 0.5), nx));
    w.j0 = std::max(0, cell(std::ceil((y - reach - grid_.y0) / grid_.dy() - 0.5), ny));
    const int i1 = std::min(nx - 1, cell(std::floor((x + reach - grid_.x0) / grid_.dx() - 0.5), nx));
    const int j1 = std::min(ny - 1, cell(std::floor((y + reach - grid_.y0) / grid_.dy() - 0.5), ny));
    w.ni = std::max(0, i1 - w.i0 + 1);
    w.nj = std::max(0, j1 - w.j0 + 1);
    w.fx = fx_size, w.fy = fy_size;
    fx_size += w.ni, fy_size += w.nj;
  }
  fx_.resize(fx_size), dfx_.resize(fx_size), fy_.resize(fy_size), dfy_.resize(fy_size);
#pragma omp parallel for schedule(static)
  for (int n = 0; n < N; ++n) {
    const Window& w = windows_[n];
    for (int a = 0; a < w.ni; ++a) {
      const double t = grid_.x(w.i0 + a) - X(n, 0), f = norm * std::exp(-0.5 * t * t * inv_h2);
      fx_[w.fx + a] = f;
      dfx_[w.fx + a] = f * t * inv_h2;  // ∂/∂x_n0
    }
    for (int b = 0; b < w.nj; ++b) {
      const double t = grid_.y(w.j0 + b) - X(n, 1), f = norm * std::exp(-0.5 * t * t * inv_h2);
      fy_[w.fy + b] = f;
      dfy_[w.fy + b] = f * t * inv_h2;  // ∂/∂x_n1
    }
  }
  // Scatter in particle order (serial: a fixed order of additions, and only N × window² of them).
  q_.assign(grid_.size(), 0.0);
  for (int n = 0; n < N; ++n) {
    const Window& w = windows_[n];
    for (int b = 0; b < w.nj; ++b) {
      const double fyb = fy_[w.fy + b];
      double* row = q_.data() + static_cast<std::size_t>(w.j0 + b) * nx + w.i0;
      const double* f = fx_.data() + w.fx;
      for (int a = 0; a < w.ni; ++a) row[a] += fyb * f[a];
    }
  }
  log_q.resize(grid_.size());
  const double uniform = floor_ / ((grid_.x1 - grid_.x0) * (grid_.y1 - grid_.y0)), scale = (1.0 - floor_) / N;
#pragma omp parallel for schedule(static)
  for (int g = 0; g < grid_.size(); ++g) {
    q_[g] = scale * q_[g] + uniform;
    log_q[g] = std::log(q_[g]);
  }
}

Points ParticleDensity::gradient(const std::vector<double>& s) const {
  const int N = n_, nx = grid_.nx;
  if (N == 0) throw InputError("particle density: gradient before evaluate");
  if (static_cast<int>(s.size()) != grid_.size()) throw InputError("particle density: one sensitivity per cell expected");
  // ∂ log q_g / ∂x_n = (1 - τ)/N · ∂φ_n(c_g)/∂x_n / q_g: weight each cell by S_g = s_g (1 - τ)/(N q_g).
  std::vector<double> S(grid_.size());
  const double scale = (1.0 - floor_) / N;
  for (int g = 0; g < grid_.size(); ++g) S[g] = s[g] * scale / q_[g];
  Points grad(N, 2);
#pragma omp parallel for schedule(static)
  for (int n = 0; n < N; ++n) {
    const Window& w = windows_[n];
    double gx = 0, gy = 0;
    for (int b = 0; b < w.nj; ++b) {
      double a, c;
      dot2(S.data() + static_cast<std::size_t>(w.j0 + b) * nx + w.i0, dfx_.data() + w.fx, fx_.data() + w.fx, w.ni, a, c);
      gx += a * fy_[w.fy + b];
      gy += c * dfy_[w.fy + b];
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
