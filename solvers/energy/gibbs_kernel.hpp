#pragma once
// The Gibbs kernel K(x, y) = exp(-|x - y|^2 / gamma) of entropic transport between the cells of
// a regular 2D grid, applied as a separable Gaussian blur: the product form
// exp(-dx^2/gamma) exp(-dy^2/gamma) makes K v two 1D convolutions (Solomon et al. 2015, Peyre 2015),
// O(nx ny r) instead of O((nx ny)^2). The 1D filters are truncated where they fall below 1e-16
// (radius r = ceil(sqrt(37 gamma) / h) cells); cells past the grid edge are absent (no wrap).
#include <vector>

namespace monge {

class GibbsKernel {
 public:
  // nx by ny cells of size hx by hy; gamma > 0 (squared length).
  GibbsKernel(int nx, int ny, double hx, double hy, double gamma);
  // out = K in, both nx*ny row-major (j * nx + i); resized as needed.
  void apply(const std::vector<double>& in, std::vector<double>& out) const;
  int radius_x() const { return static_cast<int>(fx_.size()) - 1; }
  int radius_y() const { return static_cast<int>(fy_.size()) - 1; }

 private:
  int nx_, ny_;
  std::vector<double> fx_, fy_;  // one-sided filter taps, fx_[k] = exp(-(k hx)^2 / gamma)
  mutable std::vector<double> tmp_;
};

}  // namespace monge
