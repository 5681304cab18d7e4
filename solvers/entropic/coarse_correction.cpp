#include "solvers/entropic/coarse_correction.hpp"

#include <algorithm>
#include <cmath>

namespace monge::entropic {
namespace {

// The block graph with the current shifts: M_b = Q_b exp(s_K + t_L), row sums r, column sums c.
struct Graph {
  const KeptBlocks& kept;
  const std::vector<double>& Q;
  int R, C;

  void weights(const Eigen::VectorXd& s, const Eigen::VectorXd& t, std::vector<double>& M, Eigen::VectorXd& r,
               Eigen::VectorXd& c) const {
    M.resize(Q.size());
    r = Eigen::VectorXd::Zero(R);
    c = Eigen::VectorXd::Zero(C);
    for (int K = 0; K < R; ++K)
      for (int b = kept.row_begin[K]; b < kept.row_begin[K + 1]; ++b) {
        const int L = kept.row_cols[b];
        M[b] = Q[b] * std::exp(s[K] + t[L]);
        r[K] += M[b];
        c[L] += M[b];
      }
  }

  // D(s, t) (the dual, up to the factor ε).
  double dual(const Eigen::VectorXd& s, const Eigen::VectorXd& t, const Eigen::VectorXd& A, const Eigen::VectorXd& B) const {
    double d = A.dot(s) + B.dot(t);
    for (int K = 0; K < R; ++K)
      for (int b = kept.row_begin[K]; b < kept.row_begin[K + 1]; ++b) d -= Q[b] * std::exp(s[K] + t[kept.row_cols[b]]);
    return d;
  }

  // y = H x for x = (x_s: R, x_t: C) with H = [[diag r, M], [Mᵀ, diag c]]; the gauge entry (the
  // last column) is held at 0 in and out.
  void apply(const std::vector<double>& M, const Eigen::VectorXd& r, const Eigen::VectorXd& c, const Eigen::VectorXd& x,
             Eigen::VectorXd& y) const {
    y.resize(R + C);
    y.head(R) = r.cwiseProduct(x.head(R));
    y.tail(C) = c.cwiseProduct(x.tail(C));
    for (int K = 0; K < R; ++K)
      for (int b = kept.row_begin[K]; b < kept.row_begin[K + 1]; ++b) {
        const int L = kept.row_cols[b];
        y[K] += M[b] * x[R + L];
        y[R + L] += M[b] * x[K];
      }
    y[R + C - 1] = 0;
  }
};

// Preconditioned conjugate gradients for H d = g (gauge entry fixed at 0).
Eigen::VectorXd solve(const Graph& G, const std::vector<double>& M, const Eigen::VectorXd& r, const Eigen::VectorXd& c,
                      Eigen::VectorXd g) {
  const int n = G.R + G.C;
  g[n - 1] = 0;
  Eigen::VectorXd diag(n);
  diag.head(G.R) = r;
  diag.tail(G.C) = c;
  for (int k = 0; k < n; ++k) diag[k] = diag[k] > 1e-300 ? 1.0 / diag[k] : 0.0;
  diag[n - 1] = 0;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(n), res = g, z = diag.cwiseProduct(res), p = z, Hp;
  double rz = res.dot(z);
  const double stop = 1e-20 * g.squaredNorm();
  for (int it = 0; it < 4 * n && res.squaredNorm() > stop; ++it) {
    G.apply(M, r, c, p, Hp);
    const double pHp = p.dot(Hp);
    if (!(pHp > 0)) break;
    const double alpha = rz / pHp;
    x += alpha * p;
    res -= alpha * Hp;
    z = diag.cwiseProduct(res);
    const double rz_new = res.dot(z);
    p = z + (rz_new / rz) * p;
    rz = rz_new;
  }
  return x;
}

}  // namespace

CoarseCorrection coarse_correction(const KeptBlocks& kept, const std::vector<double>& Q, const Eigen::VectorXd& A,
                                   const Eigen::VectorXd& B, double eps, double tol, int max_steps) {
  const int R = kept.row_clusters, C = kept.col_clusters;
  const Graph G{kept, Q, R, C};
  Eigen::VectorXd s = Eigen::VectorXd::Zero(R), t = Eigen::VectorXd::Zero(C), r, c;
  std::vector<double> M;
  G.weights(s, t, M, r, c);
  CoarseCorrection out;
  out.error_before = out.error_after = (r - A).lpNorm<1>() + (c - B).lpNorm<1>();
  double d = G.dual(s, t, A, B);
  for (int step = 0; step < max_steps && out.error_after > tol; ++step) {
    Eigen::VectorXd grad(R + C);
    grad.head(R) = A - r;
    grad.tail(C) = B - c;
    const Eigen::VectorXd dir = solve(G, M, r, c, grad);
    const double slope = grad.dot(dir);
    if (!(slope > 0)) break;
    // Backtracking (Armijo) on the concave dual; steps that shrink the error are taken too, since
    // near the optimum the gain in D falls below its rounding.
    double tau = 1;
    bool moved = false;
    for (int k = 0; k < 30; ++k, tau *= 0.5) {
      const Eigen::VectorXd s2 = s + tau * dir.head(R), t2 = t + tau * dir.tail(C);
      Eigen::VectorXd r2, c2;
      std::vector<double> M2;
      G.weights(s2, t2, M2, r2, c2);
      const double d2 = G.dual(s2, t2, A, B), e2 = (r2 - A).lpNorm<1>() + (c2 - B).lpNorm<1>();
      if (std::isfinite(d2) && (d2 >= d + 1e-4 * tau * slope || e2 < 0.5 * out.error_after)) {
        s = s2, t = t2, M.swap(M2), r = r2, c = c2, d = d2;
        out.error_after = e2;
        moved = true;
        break;
      }
    }
    if (!moved) break;
    ++out.newton_steps;
  }
  out.u = eps * s;
  out.v = eps * t;
  return out;
}

}  // namespace monge::entropic
