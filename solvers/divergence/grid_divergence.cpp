#include "solvers/divergence/grid_divergence.hpp"

#include <string>

#include "base/errors.hpp"

namespace monge {
namespace {
const char* const kNames[] = {"forward-kl", "reverse-kl", "js", "alpha", "tv", "hellinger", "sliced-wasserstein", "sinkhorn"};
constexpr int kCount = sizeof(kNames) / sizeof(kNames[0]);
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
  const int G = grid.size();
  if (static_cast<int>(log_p.size()) != G || static_cast<int>(log_q.size()) != G)
    throw InputError("grid_divergence: expected one log density per cell");
  if (s) s->resize(G);
  const double area = grid.cell_area();
  std::vector<double> rows(grid.ny, 0.0);
#pragma omp parallel for schedule(static)
  for (int j = 0; j < grid.ny; ++j) {
    double sum = 0;
    for (int i = 0; i < grid.nx; ++i) {
      const int g = j * grid.nx + i;
      const Integrand f = divergence_integrand(kind, alpha, log_p[g], log_q[g]);
      sum += f.value;
      if (s) (*s)[g] = area * f.d_log_q;
    }
    rows[j] = sum;
  }
  double total = 0;
  for (double r : rows) total += r;
  return area * total;
}

}  // namespace monge
