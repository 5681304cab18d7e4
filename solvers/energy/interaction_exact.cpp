#include "solvers/energy/interaction_exact.hpp"

#include <algorithm>

#include "solvers/common/ordered_sum.hpp"

namespace monge {

double interaction_exact(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel,
                         std::vector<double>& grad, bool want_energy) {
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  grad.assign(static_cast<std::size_t>(n) * d, 0.0);
  // Coordinates as doubles in structure-of-arrays form: the inner loop streams them.
  std::vector<double> c(static_cast<std::size_t>(n) * 3, 0.0);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) c[static_cast<std::size_t>(k) * n + i] = X(i, k);
  const double* xs = c.data();
  const double* ys = c.data() + n;
  const double* zs = c.data() + 2 * static_cast<std::size_t>(n);
  constexpr int kTile = 512;
  // ordered_sum over chunks of 16 rows (O(N) work each): the energy's bits do not depend on the
  // thread count.
  const double energy = ordered_sum(n, 16, [&](std::int64_t row) {
    const int i = static_cast<int>(row);
    double g0 = 0, g1 = 0, g2 = 0, e = 0;
    const double xi = xs[i], yi = ys[i], zi = zs[i];
    for (int j0 = 0; j0 < n; j0 += kTile) {
      const int j1 = std::min(n, j0 + kTile);
      for (int j = j0; j < j1; ++j) {
        if (j == i) continue;
        const double dx = xi - xs[j], dy = yi - ys[j], dz = zi - zs[j];
        const double r2 = dx * dx + dy * dy + dz * dz;
        const double f = w[j] * kernel.gradient_factor_r2(r2);
        g0 += f * dx;
        g1 += f * dy;
        g2 += f * dz;
        if (want_energy) e += w[j] * kernel.value_r2(r2);
      }
    }
    double* gi = grad.data() + static_cast<std::size_t>(i) * d;
    gi[0] = g0;
    if (d >= 2) gi[1] = g1;  // d = 1 has one column: writing [1] would run past the last row
    if (d == 3) gi[2] = g2;
    return 0.5 * w[i] * e;
  });
  return want_energy ? energy : 0.0;
}

}  // namespace monge
