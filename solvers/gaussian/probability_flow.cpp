#include "solvers/gaussian/probability_flow.hpp"

#include <cmath>

namespace monge::gaussian {

void ExactVelocity::velocity(const Points& X, double t, Points& V) {
  const NoisedMixture::AtTime p = mixture_.at(t);
  const Eigen::Index n = X.rows();
  V.resize(n, 2);
#pragma omp parallel for schedule(static) if (n > 512)
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Vector2d v = p.velocity(Eigen::Vector2d(X(i, 0), X(i, 1)));
    V(i, 0) = static_cast<float>(v[0]);
    V(i, 1) = static_cast<float>(v[1]);
  }
}

void Rk4Stepper::step(DiffusionField& field, Points& X, double t, double h) {
  const float hf = static_cast<float>(h);
  field.velocity(X, t, k1_);
  y_ = X + (0.5f * hf) * k1_;
  field.velocity(y_, t + 0.5 * h, k2_);
  y_ = X + (0.5f * hf) * k2_;
  field.velocity(y_, t + 0.5 * h, k3_);
  y_ = X + hf * k3_;
  field.velocity(y_, t + h, k4_);
  X += (hf / 6.0f) * (k1_ + 2.0f * k2_ + 2.0f * k3_ + k4_);
}

void velocity_jacobians(DiffusionField& field, const Points& X, double t, float h, Points& J) {
  const Eigen::Index n = X.rows();
  Points probes(4 * n, 2), V;
  probes.topRows(n) = X;
  probes.middleRows(n, n) = X;
  probes.middleRows(2 * n, n) = X;
  probes.bottomRows(n) = X;
  probes.topRows(n).col(0).array() += h;
  probes.middleRows(n, n).col(0).array() -= h;
  probes.middleRows(2 * n, n).col(1).array() += h;
  probes.bottomRows(n).col(1).array() -= h;
  field.velocity(probes, t, V);
  J.resize(n, 4);
  const float inv = 1.0f / (2.0f * h);
  for (Eigen::Index i = 0; i < n; ++i) {
    J(i, 0) = (V(i, 0) - V(n + i, 0)) * inv;          // dvx/dx
    J(i, 1) = (V(2 * n + i, 0) - V(3 * n + i, 0)) * inv;  // dvx/dy
    J(i, 2) = (V(i, 1) - V(n + i, 1)) * inv;          // dvy/dx
    J(i, 3) = (V(2 * n + i, 1) - V(3 * n + i, 1)) * inv;  // dvy/dy
  }
}

CurlStatistics curl_statistics(const Points& J) {
  CurlStatistics s;
  const Eigen::Index n = J.rows();
  if (n == 0) return s;
  double curl2 = 0, jac2 = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double c = double(J(i, 2)) - double(J(i, 1));
    curl2 += c * c;
    for (int k = 0; k < 4; ++k) jac2 += double(J(i, k)) * J(i, k);
  }
  s.curl_rms = std::sqrt(curl2 / n);
  s.jacobian_rms = std::sqrt(jac2 / n);
  return s;
}

}  // namespace monge::gaussian
