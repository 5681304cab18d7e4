#include "solvers/divergence/grid_divergence.hpp"

#include <cmath>
#include <string>

#include "base/errors.hpp"

namespace monge {
namespace {
const char* const kNames[] = {"forward-kl", "reverse-kl", "js", "alpha", "tv", "hellinger", "sliced-wasserstein", "sinkhorn"};
constexpr int kCount = sizeof(kNames) / sizeof(kNames[0]);
constexpr double kTailMassFloor = 1e-12;  // 1 - (a quadrature of 1) is rounding below this
constexpr double kLogZero = -690.7755278982137;  // log 1e-300
}  // namespace

const char* divergence_name(DivergenceKind kind) { return kNames[static_cast<int>(kind)]; }

const char* const* divergence_names(int* count) {
  *count = kCount;
  return kNames;
}

DivergenceKind parse_divergence(const std::string& name, const std::string& what) {
  std::string all;
  for (int k = 0; k < kCount; ++k) {
    if (name == kNames[k]) return static_cast<DivergenceKind>(k);
    all += std::string(k ? ", " : "") + kNames[k];
  }
  throw InputError(what + ": expected one of " + all + ", got '" + name + "'");
}

double grid_divergence(DivergenceKind kind, double alpha, const std::vector<double>& log_p,
                       const std::vector<double>& log_q, const QuadratureGrid& grid, std::vector<double>* s) {
  if (!is_grid_divergence(kind)) throw InputError(std::string(divergence_name(kind)) + " is not a grid divergence");
  if (kind == DivergenceKind::Alpha && !(alpha >= 0.0 && alpha <= 1.0))
    throw InputError("alpha: must be between 0 and 1, got " + std::to_string(alpha));
  const int G = grid.size();
  if (static_cast<int>(log_p.size()) != G || static_cast<int>(log_q.size()) != G)
    throw InputError("grid_divergence: expected one log density per cell");
  if (s) s->resize(G);
  const double area = grid.cell_area();
  // Per row: the integral and the two masses, summed in row order below.
  std::vector<double> rows(grid.ny, 0.0), p_rows(grid.ny, 0.0), q_rows(grid.ny, 0.0);
#pragma omp parallel for schedule(static)
  for (int j = 0; j < grid.ny; ++j) {
    double sum = 0, pm = 0, qm = 0;
    for (int i = 0; i < grid.nx; ++i) {
      const int g = j * grid.nx + i;
      const Integrand f = divergence_integrand(kind, alpha, log_p[g], log_q[g]);
      sum += f.value;
      pm += std::exp(log_p[g]);
      qm += std::exp(log_q[g]);
      if (s) (*s)[g] = area * f.d_log_q;
    }
    rows[j] = sum, p_rows[j] = pm, q_rows[j] = qm;
  }
  double total = 0, p_mass = 0, q_mass = 0;
  for (int j = 0; j < grid.ny; ++j) total += rows[j], p_mass += p_rows[j], q_mass += q_rows[j];
  // The box's complement as one more cell: P = 1 - ∫_box p and Q = 1 - ∫_box q (each integrand is
  // homogeneous of degree 1, so f(P, Q) is that cell's share). Without it, mass that leaves the
  // box would leave the divergence too: reverse KL would let an unwanted component escape.
  // Masses below 1e-12 are rounding and count as 0; log 0 is taken as log 1e-300.
  auto tail = [](double mass) { return mass > kTailMassFloor ? mass : 0.0; };
  const double P = tail(1.0 - area * p_mass), Q = tail(1.0 - area * q_mass);
  const Integrand f = divergence_integrand(kind, alpha, P > 0 ? std::log(P) : kLogZero, Q > 0 ? std::log(Q) : kLogZero);
  if (s && Q > 0) {
    // dQ/d log q_g = -Δ q_g; df/dQ = f.d_log_q / Q.
    const double c = -area * f.d_log_q / Q;
    for (int g = 0; g < G; ++g) (*s)[g] += c * std::exp(log_q[g]);
  }
  return area * total + f.value;
}

}  // namespace monge
