#include "solvers/entropic/sns.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "solvers/common/ordered_sum.hpp"
#include "solvers/entropic/entropic_math.hpp"

namespace monge::entropic {
namespace {

// Largest fraction of the plan's mass the sparsified Hessian may leave out (see sparsify).
constexpr double kDroppedMass = 1e-4;

// P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε) in full; returns D(f, g) = ⟨a,f⟩ + ⟨b,g⟩ − ε ΣP.
double plan(const RowMatrix& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps,
            const Eigen::VectorXd& f, const Eigen::VectorXd& g, RowMatrix& P) {
  const int N = static_cast<int>(C.rows()), M = static_cast<int>(C.cols());
  P.resize(N, M);
  // Row sums summed in row order afterwards: the same result at any thread count.
  Eigen::VectorXd rows(N);
#pragma omp parallel for
  for (int i = 0; i < N; ++i) {
    double s = 0;
    for (int j = 0; j < M; ++j) {
      const double v = a[i] * b[j] * fast_exp((f[i] + g[j] - C(i, j)) / eps);
      P(i, j) = v;
      s += v;
    }
    rows[i] = s;
  }
  double mass = 0;
  for (int i = 0; i < N; ++i) mass += rows[i];
  return a.dot(f) + b.dot(g) - eps * mass;
}

struct Sparse {  // kept plan entries, row-major triplets
  std::vector<int> i, j;
  std::vector<double> v;
};

// The plan entries the Newton system keeps: the largest ones, at least `density`·N·M of them and
// more until the rest carries at most `dropped` of the mass, plus each row's and column's largest
// entry so that every potential stays coupled. The dropped mass sets the convergence rate of
// the Newton phase (measured on the random assignment problem, n = 500, η = 1200: keeping 2/n of
// the entries drops 6% of the mass and the error then falls by ~1% a step; 5/n drops 1e-4 and
// 1e-9 is reached in 8 steps), so a fixed density alone is not enough.
Sparse sparsify(const RowMatrix& P, double density, double dropped, std::vector<double>& values) {
  const int N = static_cast<int>(P.rows()), M = static_cast<int>(P.cols());
  const long long total = static_cast<long long>(N) * M;
  values.assign(P.data(), P.data() + P.size());
  const double mass = P.sum();
  long long keep = std::clamp<long long>(static_cast<long long>(density * static_cast<double>(total)), 1, total);
  double threshold = 0;
  while (true) {
    std::nth_element(values.begin(), values.begin() + (keep - 1), values.end(), std::greater<double>());
    threshold = values[keep - 1];
    double kept = 0;
    for (long long k = 0; k < keep; ++k) kept += values[k];
    if (mass - kept <= dropped * mass || keep == total) break;
    keep = std::min(total, keep + keep / 2 + 1);
  }
  Eigen::VectorXi row_max(N), col_max(M);
  for (int i = 0; i < N; ++i) P.row(i).maxCoeff(&row_max[i]);
  for (int j = 0; j < M; ++j) P.col(j).maxCoeff(&col_max[j]);
  Sparse S;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < M; ++j)
      if (P(i, j) > 0 && (P(i, j) >= threshold || row_max[i] == j || col_max[j] == i)) {
        S.i.push_back(i);
        S.j.push_back(j);
        S.v.push_back(P(i, j));
      }
  return S;
}

}  // namespace

int sns_newton(const RowMatrix& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps, double tol,
               int budget, double density, Eigen::VectorXd& f, Eigen::VectorXd& g, double& error,
               const IterationLog* log, int first_iteration) {
  const int N = static_cast<int>(C.rows()), M = static_cast<int>(C.cols());
  RowMatrix P, Ptry;
  double D = plan(C, a, b, eps, f, g, P);
  int steps = 0;
  std::vector<double> values;
  while (true) {
    const Eigen::VectorXd r = P.rowwise().sum(), c = P.colwise().sum().transpose();
    error = (r - a).lpNorm<1>() + (c - b).lpNorm<1>();
    if (error <= tol || steps >= budget) break;
    ++steps;
    // Gradient of D, and the Newton system (1/ε)[[diag r, S],[Sᵀ, diag c]] Δ = ∇ with S the plan
    // sparsified to the `density` largest entries; the diagonal stays exact.
    const Eigen::VectorXd gf = a - r, gg = b - c;
    const Sparse S = sparsify(P, density, kDroppedMass, values);
    // Preconditioned CG on the n + m − 1 unknowns left once Δg_{M−1} = 0 fixes the gauge (the
    // full matrix has the null vector (1, −1)).
    const int n = N + M;
    auto apply = [&](const Eigen::VectorXd& x, Eigen::VectorXd& y) {
      y.resize(n);
      y.head(N) = r.cwiseProduct(x.head(N));
      y.tail(M) = c.cwiseProduct(x.tail(M));
      for (std::size_t k = 0; k < S.v.size(); ++k) {
        y[S.i[k]] += S.v[k] * x[N + S.j[k]];
        y[N + S.j[k]] += S.v[k] * x[S.i[k]];
      }
      y[n - 1] = 0;
      y /= eps;
    };
    Eigen::VectorXd rhs(n);
    rhs << gf, gg;
    rhs[n - 1] = 0;
    Eigen::VectorXd diag(n);
    diag << r, c;
    diag = diag / eps;
    for (int k = 0; k < n; ++k) diag[k] = diag[k] > 1e-300 ? diag[k] : 1.0;
    Eigen::VectorXd x = Eigen::VectorXd::Zero(n), res = rhs, z = res.cwiseQuotient(diag), p = z, Ap;
    z[n - 1] = p[n - 1] = 0;
    double rz = res.dot(z);
    const double stop = 1e-24 * std::max(1e-300, rhs.squaredNorm());
    for (int k = 0; k < 2 * n && res.squaredNorm() > stop; ++k) {
      apply(p, Ap);
      const double pAp = p.dot(Ap);
      if (!(pAp > 0)) break;
      const double alpha = rz / pAp;
      x += alpha * p;
      res -= alpha * Ap;
      z = res.cwiseQuotient(diag);
      z[n - 1] = 0;
      const double rz2 = res.dot(z);
      p = z + (rz2 / rz) * p;
      rz = rz2;
    }
    // Backtracking (Armijo) line search on the dual; Sinkhorn step if Newton fails to ascend.
    const double slope = rhs.dot(x);
    bool accepted = false;
    if (slope > 0) {
      for (double t = 1.0; t > 1e-8; t *= 0.5) {
        const Eigen::VectorXd ft = f + t * x.head(N), gt = g + t * x.tail(M);
        const double Dt = plan(C, a, b, eps, ft, gt, Ptry);
        // Near convergence the Armijo gain drops below the rounding of D, so a step that
        // lowers the marginal error is accepted too.
        const double et = (Ptry.rowwise().sum() - a).lpNorm<1>() + (Ptry.colwise().sum().transpose() - b).lpNorm<1>();
        if (std::isfinite(Dt) && (Dt >= D + 1e-4 * t * slope || et < 0.5 * error)) {
          f = ft;
          g = gt;
          D = Dt;
          P.swap(Ptry);
          accepted = true;
          break;
        }
      }
    }
    if (!accepted) {  // one Sinkhorn step from the current plan
      for (int i = 0; i < N; ++i)
        if (r[i] > 0) f[i] += eps * std::log(a[i] / r[i]);
      D = plan(C, a, b, eps, f, g, P);
      const Eigen::VectorXd c2 = P.colwise().sum().transpose();
      for (int j = 0; j < M; ++j)
        if (c2[j] > 0) g[j] += eps * std::log(b[j] / c2[j]);
      D = plan(C, a, b, eps, f, g, P);
    }
    if (log) {
      const Eigen::VectorXd r2 = P.rowwise().sum(), c2 = P.colwise().sum().transpose();
      log->record(first_iteration + steps, eps, (r2 - a).lpNorm<1>() + (c2 - b).lpNorm<1>());
    }
  }
  return steps;
}

}  // namespace monge::entropic
