#include "solvers/energy/gibbs_kernel.hpp"

#include <algorithm>
#include <cmath>

namespace monge {
namespace {

std::vector<double> taps(double h, double gamma, int n) {
  const int r = std::min(n - 1, static_cast<int>(std::ceil(std::sqrt(37.0 * gamma) / h)));
  std::vector<double> f(r + 1);
  for (int k = 0; k <= r; ++k) f[k] = std::exp(-(k * h) * (k * h) / gamma);
  return f;
}

}  // namespace

GibbsKernel::GibbsKernel(int nx, int ny, double hx, double hy, double gamma)
    : nx_(nx), ny_(ny), fx_(taps(hx, gamma, nx)), fy_(taps(hy, gamma, ny)) {}

void GibbsKernel::apply(const std::vector<double>& in, std::vector<double>& out) const {
  const int nx = nx_, ny = ny_, rx = radius_x(), ry = radius_y();
  tmp_.resize(in.size());
  out.resize(in.size());
  double* tmp = tmp_.data();
  double* dst = out.data();
  const double* src = in.data();
  // Along x: each row independently.
#pragma omp parallel for schedule(static)
  for (int j = 0; j < ny; ++j) {
    const double* row = src + static_cast<std::size_t>(j) * nx;
    double* t = tmp + static_cast<std::size_t>(j) * nx;
    for (int i = 0; i < nx; ++i) {
      double s = fx_[0] * row[i];
      const int kmax = std::min(rx, std::max(i, nx - 1 - i));
      for (int k = 1; k <= kmax; ++k) {
        const double l = i - k >= 0 ? row[i - k] : 0.0;
        const double r = i + k < nx ? row[i + k] : 0.0;
        s += fx_[k] * (l + r);
      }
      t[i] = s;
    }
  }
  // Along y: whole rows at a time, so the inner loop is contiguous.
#pragma omp parallel for schedule(static)
  for (int j = 0; j < ny; ++j) {
    double* o = dst + static_cast<std::size_t>(j) * nx;
    const double* c = tmp + static_cast<std::size_t>(j) * nx;
    for (int i = 0; i < nx; ++i) o[i] = fy_[0] * c[i];
    for (int k = 1; k <= ry; ++k) {
      const double w = fy_[k];
      if (j - k >= 0) {
        const double* r = tmp + static_cast<std::size_t>(j - k) * nx;
        for (int i = 0; i < nx; ++i) o[i] += w * r[i];
      }
      if (j + k < ny) {
        const double* r = tmp + static_cast<std::size_t>(j + k) * nx;
        for (int i = 0; i < nx; ++i) o[i] += w * r[i];
      }
    }
  }
}

}  // namespace monge
