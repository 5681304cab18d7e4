#include "app/scene/density_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace monge {
namespace {

// A normalised Gaussian of `sigma` cells, truncated at 3 sigma (at least one tap each side).
std::vector<float> gaussian_taps(double sigma) {
  const int radius = std::max(1, static_cast<int>(std::ceil(3.0 * sigma)));
  std::vector<float> taps(2 * radius + 1);
  double sum = 0.0;
  for (int k = -radius; k <= radius; ++k) {
    const double w = sigma > 0 ? std::exp(-0.5 * k * k / (sigma * sigma)) : (k == 0 ? 1.0 : 0.0);
    taps[k + radius] = static_cast<float>(w);
    sum += w;
  }
  for (float& t : taps) t = static_cast<float>(t / sum);
  return taps;
}

// Blur rows (stride 1) or columns (stride nx) of `in` into `out`; mass leaving the grid is lost,
// which the margin of 3 bandwidths keeps negligible.
void blur(const std::vector<float>& in, std::vector<float>& out, int nx, int ny, const std::vector<float>& taps,
          bool along_x) {
  const int radius = static_cast<int>(taps.size() / 2);
#pragma omp parallel for schedule(static)
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      float acc = 0.0f;
      for (int k = -radius; k <= radius; ++k) {
        const int ii = along_x ? i + k : i, jj = along_x ? j : j + k;
        if (ii < 0 || ii >= nx || jj < 0 || jj >= ny) continue;
        acc += taps[k + radius] * in[static_cast<std::size_t>(jj) * nx + ii];
      }
      out[static_cast<std::size_t>(j) * nx + i] = acc;
    }
}

}  // namespace

double scott_bandwidth(const Points& points) {
  const int n = static_cast<int>(points.rows());
  if (n < 2 || points.cols() < 2) return 1.0;
  double sd = 0.0;
  for (int k = 0; k < 2; ++k) {
    double mean = 0.0, sq = 0.0;
    for (int i = 0; i < n; ++i) mean += points(i, k);
    mean /= n;
    for (int i = 0; i < n; ++i) sq += (points(i, k) - mean) * (points(i, k) - mean);
    sd += 0.5 * std::sqrt(sq / (n - 1));
  }
  return std::max(sd, 1e-6) * std::pow(static_cast<double>(n), -1.0 / 6.0);
}

void kde_grid(const Points& points, const KdeOptions& options, DensityGrid& grid) {
  const int n = static_cast<int>(points.rows());
  if (n == 0 || points.cols() < 2) {
    grid = DensityGrid();
    return;
  }
  const double h = options.bandwidth > 0 ? options.bandwidth : scott_bandwidth(points);
  float lo[2] = {points(0, 0), points(0, 1)}, hi[2] = {lo[0], lo[1]};
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < 2; ++k) {
      lo[k] = std::min(lo[k], points(i, k));
      hi[k] = std::max(hi[k], points(i, k));
    }
  const double pad = options.margin * h;
  const double x0 = lo[0] - pad, y0 = lo[1] - pad, w = hi[0] - lo[0] + 2 * pad, ht = hi[1] - lo[1] + 2 * pad;
  const double cell = std::max(w, ht) / std::max(options.cells, 8);
  const int nx = std::max(8, static_cast<int>(std::ceil(w / cell))), ny = std::max(8, static_cast<int>(std::ceil(ht / cell)));
  grid.nx = nx;
  grid.ny = ny;
  grid.x0 = static_cast<float>(x0);
  grid.y0 = static_cast<float>(y0);
  grid.x1 = static_cast<float>(x0 + nx * cell);
  grid.y1 = static_cast<float>(y0 + ny * cell);
  grid.obstacle.clear();
  std::vector<float> bins(static_cast<std::size_t>(nx) * ny, 0.0f);
  // Linear binning onto cell centres (x0 + (i + 0.5) cell).
  const float mass = 1.0f / static_cast<float>(n);
  for (int p = 0; p < n; ++p) {
    const double u = (points(p, 0) - x0) / cell - 0.5, v = (points(p, 1) - y0) / cell - 0.5;
    const int i = static_cast<int>(std::floor(u)), j = static_cast<int>(std::floor(v));
    const float fu = static_cast<float>(u - i), fv = static_cast<float>(v - j);
    const float share[4] = {(1 - fu) * (1 - fv), fu * (1 - fv), (1 - fu) * fv, fu * fv};
    const int di[4] = {0, 1, 0, 1}, dj[4] = {0, 0, 1, 1};
    for (int c = 0; c < 4; ++c) {
      const int ii = i + di[c], jj = j + dj[c];
      if (ii >= 0 && ii < nx && jj >= 0 && jj < ny) bins[static_cast<std::size_t>(jj) * nx + ii] += mass * share[c];
    }
  }
  const std::vector<float> taps = gaussian_taps(h / cell);
  std::vector<float> tmp(bins.size());
  grid.values.resize(bins.size());
  blur(bins, tmp, nx, ny, taps, true);
  blur(tmp, grid.values, nx, ny, taps, false);
  const float per_area = static_cast<float>(1.0 / (cell * cell));
  for (float& value : grid.values) value *= per_area;
}

}  // namespace monge
