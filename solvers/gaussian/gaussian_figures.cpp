#include "solvers/gaussian/gaussian_figures.hpp"

#include <algorithm>

namespace monge::gaussian {

namespace {

template <class T>
T& find_or_add(std::vector<T>& list, const std::string& name) {
  for (T& item : list)
    if (item.name == name) return item;
  list.emplace_back();
  list.back().name = name;
  return list.back();
}

}  // namespace

EllipseSet& put_ellipses(FlowFigures& figures, const std::string& name, const std::vector<Gaussian>& gaussians,
                         bool dashed, const float color[4], const std::vector<float>& values) {
  EllipseSet& set = find_or_add(figures.ellipses, name);
  const int K = static_cast<int>(gaussians.size());
  const int d = K > 0 ? static_cast<int>(gaussians.front().mean.size()) : 0;
  set.means.resize(K, d);
  set.covariances.resize(K, d * d);
  for (int k = 0; k < K; ++k) {
    set.means.row(k) = gaussians[k].mean.cast<float>().transpose();
    for (int r = 0; r < d; ++r)
      for (int c = 0; c < d; ++c) set.covariances(k, r * d + c) = static_cast<float>(gaussians[k].cov(r, c));
  }
  if (!values.empty()) set.values = values;
  set.dashed = dashed;
  std::copy(color, color + 4, set.color);
  return set;
}

Points window_grid(const PlaneWindow& w, int n) {
  Points P(static_cast<Eigen::Index>(n) * n, 2);
  const double hx = (w.x1 - w.x0) / n, hy = (w.y1 - w.y0) / n;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      P(j * n + i, 0) = static_cast<float>(w.x0 + (i + 0.5) * hx);
      P(j * n + i, 1) = static_cast<float>(w.y0 + (j + 0.5) * hy);
    }
  return P;
}

ArrowSet& put_arrows(FlowFigures& figures, const std::string& name, const Points& P, const Points& V, double scale) {
  ArrowSet& set = find_or_add(figures.arrows, name);
  set.tails = P;
  set.heads = P + static_cast<float>(scale) * V;
  return set;
}

ScalarField& put_field(FlowFigures& figures, const std::string& name, const PlaneWindow& w, int n,
                       const std::vector<float>& values, bool diverging) {
  ScalarField& field = find_or_add(figures.fields, name);
  field.grid.nx = field.grid.ny = n;
  field.grid.x0 = static_cast<float>(w.x0);
  field.grid.y0 = static_cast<float>(w.y0);
  field.grid.x1 = static_cast<float>(w.x1);
  field.grid.y1 = static_cast<float>(w.y1);
  field.grid.values = values;
  field.diverging = diverging;
  return field;
}

}  // namespace monge::gaussian
