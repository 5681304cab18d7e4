#include "solvers/gaussian/noised_mixture.hpp"

#include <algorithm>
#include <cmath>

#include "base/errors.hpp"
#include "solvers/gaussian/bures_barycentre.hpp"
#include "solvers/gaussian/spd.hpp"

namespace monge::gaussian {

NoisedMixture::NoisedMixture(const std::vector<GaussianComponent>& components) : data_(components) {
  if (components.empty()) throw InputError("components: must list at least one component");
  if (components.size() > kMaxComponents)
    throw InputError("components: at most " + std::to_string(kMaxComponents) + ", got " + std::to_string(components.size()));
  std::vector<double> w;
  for (std::size_t k = 0; k < components.size(); ++k) {
    const std::string where = "components[" + std::to_string(k) + "]";
    if (components[k].mean.size() != 2 || !components[k].mean.allFinite())
      throw InputError(where + ".mean: expected 2 finite numbers (the diffusion scenes are 2D)");
    require_spd(components[k].cov, 2, where + ".cov");
    w.push_back(components[k].weight);
  }
  weights_ = normalised_weights(w, "components");
}

std::vector<Gaussian> NoisedMixture::components_at(double t) const {
  const double a = std::exp(-t);
  std::vector<Gaussian> out;
  for (const GaussianComponent& c : data_)
    out.push_back({a * c.mean, a * a * c.cov + (1.0 - a * a) * Eigen::MatrixXd::Identity(2, 2)});
  return out;
}

NoisedMixture::AtTime NoisedMixture::at(double t) const {
  AtTime p;
  const std::vector<Gaussian> g = components_at(t);
  for (std::size_t k = 0; k < g.size(); ++k) {
    if (!(weights_[k] > 0)) continue;  // a zero-weight component adds nothing
    const Eigen::Matrix2d C = g[k].cov;
    const double det = C(0, 0) * C(1, 1) - C(0, 1) * C(1, 0);
    AtTime::Component c;
    c.mean = g[k].mean;
    // The adjugate formula keeps the precision exactly symmetric.
    c.precision << C(1, 1) / det, -C(0, 1) / det, -C(0, 1) / det, C(0, 0) / det;
    c.log_normaliser = std::log(weights_[k]) - std::log(2.0 * M_PI) - 0.5 * std::log(det);
    p.components_.push_back(c);
  }
  return p;
}

double NoisedMixture::AtTime::log_density(const Eigen::Vector2d& x, Eigen::Vector2d* score) const {
  // log-sum-exp over components, stable far from the data.
  double logs[kMaxComponents];
  Eigen::Vector2d grads[kMaxComponents];
  const int K = static_cast<int>(components_.size());
  double top = -INFINITY;
  for (int k = 0; k < K; ++k) {
    const Component& c = components_[k];
    const Eigen::Vector2d g = -(c.precision * (x - c.mean));
    grads[k] = g;
    logs[k] = c.log_normaliser + 0.5 * (x - c.mean).dot(g);
    top = std::max(top, logs[k]);
  }
  double total = 0;
  Eigen::Vector2d s = Eigen::Vector2d::Zero();
  for (int k = 0; k < K; ++k) {
    const double e = std::exp(logs[k] - top);
    total += e;
    s += e * grads[k];
  }
  if (score) *score = s / total;
  return top + std::log(total);
}

Eigen::Vector2d NoisedMixture::AtTime::velocity(const Eigen::Vector2d& x) const {
  Eigen::Vector2d score;
  log_density(x, &score);
  return -x - score;
}

}  // namespace monge::gaussian
