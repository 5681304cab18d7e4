#include "solvers/sliced/directions.hpp"

#include <cmath>

#include "solvers/common/dense_factorisations.hpp"
#include "base/errors.hpp"

namespace monge {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Haar-random d by d orthogonal matrix from the d*d normals starting at first_normal:
// Q of the QR factorisation with column signs fixed so that diag(R) > 0 (Mezzadri 2007).
Eigen::MatrixXd haar_orthogonal(const CounterRng& rng, std::uint64_t first_normal, int d) {
  Eigen::MatrixXd g(d, d);
  for (int r = 0; r < d; ++r)
    for (int c = 0; c < d; ++c) g(r, c) = rng.normal(first_normal + static_cast<std::uint64_t>(r) * d + c);
  Eigen::MatrixXd q, r;
  householder_qr(g, q, r);
  for (int c = 0; c < d; ++c)
    if (r(c, c) < 0) q.col(c) = -q.col(c);
  return q;
}

void normalize_row(float* v, int d) {
  double s = 0;
  for (int j = 0; j < d; ++j) s += double(v[j]) * v[j];
  const double inv = s > 0 ? 1.0 / std::sqrt(s) : 0.0;
  for (int j = 0; j < d; ++j) v[j] = static_cast<float>(v[j] * inv);
  if (s == 0) v[0] = 1.0f;  // probability zero in float; keep a valid direction anyway
}

}  // namespace

const char* direction_scheme_name(DirectionScheme scheme) {
  switch (scheme) {
    case DirectionScheme::MonteCarlo: return "mc";
    case DirectionScheme::Orthogonal: return "orthogonal";
    case DirectionScheme::QuasiMonteCarlo: return "qmc";
    case DirectionScheme::MaxSliced: return "max";
    case DirectionScheme::VonMisesFisher: return "vmf";
  }
  return "?";
}

DirectionScheme parse_direction_scheme(const std::string& name, const std::string& what) {
  for (DirectionScheme s : {DirectionScheme::MonteCarlo, DirectionScheme::Orthogonal, DirectionScheme::QuasiMonteCarlo,
                            DirectionScheme::MaxSliced, DirectionScheme::VonMisesFisher})
    if (name == direction_scheme_name(s)) return s;
  throw InputError(what + ": expected one of mc, orthogonal, qmc, max, vmf, got '" + name + "'");
}

void draw_uniform_direction(const CounterRng& rng, std::uint64_t first_normal, int d, float* out) {
  for (int j = 0; j < d; ++j) out[j] = rng.normal(first_normal + j);
  normalize_row(out, d);
}

void draw_directions(DirectionScheme scheme, int L, int d, const CounterRng& rng, Points& theta) {
  if (L < 1) throw InputError("projections: expected at least 1, got " + std::to_string(L));
  if (d < 1) throw InputError("directions: dimension must be at least 1");
  theta.resize(L, d);
  switch (scheme) {
    case DirectionScheme::MonteCarlo:
      for (int l = 0; l < L; ++l) draw_uniform_direction(rng, static_cast<std::uint64_t>(l) * d, d, &theta(l, 0));
      return;
    case DirectionScheme::Orthogonal:
      for (int block = 0; block * d < L; ++block) {
        const Eigen::MatrixXd q = haar_orthogonal(rng, static_cast<std::uint64_t>(block) * d * d, d);
        for (int r = 0; r < d && block * d + r < L; ++r) {
          for (int j = 0; j < d; ++j) theta(block * d + r, j) = static_cast<float>(q(r, j));
          normalize_row(&theta(block * d + r, 0), d);  // exact unit norm in float
        }
      }
      return;
    case DirectionScheme::QuasiMonteCarlo:
      if (d == 2) {
        const double shift = rng.uniform(0);
        for (int l = 0; l < L; ++l) {
          const double phi = kPi * (l + shift) / L;
          theta(l, 0) = static_cast<float>(std::cos(phi));
          theta(l, 1) = static_cast<float>(std::sin(phi));
        }
        return;
      }
      if (d == 3) {
        // Fibonacci lattice: heights equally spaced in (-1, 1), azimuths by the golden angle.
        const Eigen::MatrixXd rot = haar_orthogonal(rng, 0, 3);
        const double golden = kPi * (3.0 - std::sqrt(5.0));
        for (int l = 0; l < L; ++l) {
          const double z = 1.0 - (2.0 * l + 1.0) / L;
          const double r = std::sqrt(std::max(0.0, 1.0 - z * z));
          const Eigen::Vector3d v(r * std::cos(golden * l), r * std::sin(golden * l), z);
          const Eigen::Vector3d w = rot * v;
          for (int j = 0; j < 3; ++j) theta(l, j) = static_cast<float>(w(j));
          normalize_row(&theta(l, 0), 3);
        }
        return;
      }
      if (d == 1) {
        for (int l = 0; l < L; ++l) theta(l, 0) = 1.0f;
        return;
      }
      throw InputError("directions: qmc is defined for d = 2 and 3 only (the points have d = " + std::to_string(d) +
                       "); use mc or orthogonal");
    case DirectionScheme::MaxSliced:
    case DirectionScheme::VonMisesFisher:
      break;
  }
  throw InputError(std::string("directions: '") + direction_scheme_name(scheme) +
                   "' directions depend on the data and are chosen by the engine, not drawn");
}

void sample_vmf(const float* mu, double kappa, int d, std::uint64_t rng_seed, std::uint64_t rng_stream, int first_row,
                int count, Points& theta) {
  if (!(kappa > 0) || !std::isfinite(kappa)) throw InputError("kappa: expected a positive number, got " + std::to_string(kappa));
  if (d < 2) throw InputError("vmf directions need d >= 2");
  // Householder reflection H = I - 2 u u^T with u = (e1 - mu)/|e1 - mu| maps e1 to mu.
  Eigen::VectorXd u = -Eigen::Map<const Eigen::VectorXf>(mu, d).cast<double>();
  u(0) += 1.0;
  const double un = u.norm();
  const bool reflect = un > 1e-12;
  if (reflect) u /= un;

  const double dm1 = d - 1;
  const double root = std::sqrt(4 * kappa * kappa + dm1 * dm1);
  const double b = (-2 * kappa + root) / dm1;
  const double a = (dm1 + 2 * kappa + root) / 4;
  const double delta = 4 * a * b / (1 + b) - dm1 * std::log(dm1);
  Eigen::VectorXd z(d);
  for (int s = 0; s < count; ++s) {
    const CounterRng rng(rng_seed, mix64(rng_stream + static_cast<std::uint64_t>(first_row + s)));
    // Normals and uniforms come from disjoint index ranges: CounterRng derives both from the same
    // Philox blocks, so sharing one counter would correlate them.
    std::uint64_t k = 0;                      // next normal
    std::uint64_t ku = std::uint64_t(1) << 40;  // next uniform
    double w;
    if (d == 3) {
      const double uu = rng.uniform(ku++);
      w = 1.0 + std::log(uu + (1.0 - uu) * std::exp(-2.0 * kappa)) / kappa;
    } else {
      for (int attempt = 0;; ++attempt) {
        // e ~ Beta((d-1)/2, (d-1)/2): (1 + first coordinate of a uniform direction in R^d) / 2.
        double s0 = 0, s1 = 0;
        for (int j = 0; j < d; ++j) {
          const double g = rng.normal(k++);
          s0 += g * g;
          if (j == 0) s1 = g;
        }
        const double e = 0.5 * (1.0 + s1 / std::sqrt(s0));
        const double uu = rng.uniform(ku++);
        w = (1 - (1 + b) * e) / (1 - (1 - b) * e);
        const double t = 2 * a * b / (1 - (1 - b) * e);
        if (dm1 * std::log(t) - t + delta >= std::log(uu) || attempt > 10000) break;
      }
    }
    w = std::clamp(w, -1.0, 1.0);
    // Tangent part: uniform on S^{d-2}.
    double vn = 0;
    for (int j = 1; j < d; ++j) {
      z(j) = rng.normal(k++);
      vn += z(j) * z(j);
    }
    const double scale = vn > 0 ? std::sqrt(1 - w * w) / std::sqrt(vn) : 0.0;
    z(0) = w;
    for (int j = 1; j < d; ++j) z(j) *= scale;
    if (reflect) z -= 2.0 * u.dot(z) * u;
    float* row = &theta(first_row + s, 0);
    for (int j = 0; j < d; ++j) row[j] = static_cast<float>(z(j));
    normalize_row(row, d);
  }
}

}  // namespace monge
