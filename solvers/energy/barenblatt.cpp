#include "solvers/energy/barenblatt.hpp"

#include <cmath>

#include "base/errors.hpp"

namespace monge {

Barenblatt::Barenblatt(double m_, int d_) : m(m_), d(d_) {
  if (!(m > 1)) throw InputError("barenblatt.m: must be > 1");
  if (d < 1 || d > 3) throw InputError("barenblatt: d must be 1, 2 or 3");
  alpha = d / (d * (m - 1) + 2);
  beta = alpha / d;
  k = alpha * (m - 1) / (2 * m * d);
  // Mass at t = 1 with C = 1: int (1 - k r^2)_+^p dx, p = 1/(m-1), equals
  //   |S^(d-1)| / 2 * k^(-d/2) * B(d/2, p + 1).  Scaling C multiplies it by C^(p + d/2).
  const double p = 1 / (m - 1);
  const double sphere = 2 * std::pow(M_PI, 0.5 * d) / std::tgamma(0.5 * d);
  const double beta_fn = std::tgamma(0.5 * d) * std::tgamma(p + 1) / std::tgamma(0.5 * d + p + 1);
  const double mass1 = 0.5 * sphere * std::pow(k, -0.5 * d) * beta_fn;
  C = std::pow(1 / mass1, 1 / (p + 0.5 * d));
}

double Barenblatt::density(double t, const double* x) const {
  double r2 = 0;
  for (int i = 0; i < d; ++i) r2 += x[i] * x[i];
  const double s = C - k * r2 * std::pow(t, -2 * beta);
  return s > 0 ? std::pow(t, -alpha) * std::pow(s, 1 / (m - 1)) : 0.0;
}

double Barenblatt::support_radius(double t) const { return std::sqrt(C / k) * std::pow(t, beta); }

}  // namespace monge
