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

  // y = H x for x = (x_s: R, x_t: C) with H = [[diag r, M], [Mᵀ, diag c]]; the gauge entries
  // (one node per connected component, Components) are held at 0 in and out.
  void apply(const std::vector<double>& M, const Eigen::VectorXd& r, const Eigen::VectorXd& c,
             const std::vector<int>& gauge, const Eigen::VectorXd& x, Eigen::VectorXd& y) const {
    y.resize(R + C);
    y.head(R) = r.cwiseProduct(x.head(R));
    y.tail(C) = c.cwiseProduct(x.tail(C));
    for (int K = 0; K < R; ++K)
      for (int b = kept.row_begin[K]; b < kept.row_begin[K + 1]; ++b) {
        const int L = kept.row_cols[b];
        y[K] += M[b] * x[R + L];
        y[R + L] += M[b] * x[K];
      }
    for (int k : gauge) y[k] = 0;
  }
};

// The connected components of the block graph (nodes: row clusters 0..R−1, then column clusters;
// edges: the blocks with mass). Each has its own gauge, u + λ on its rows and v − λ on its columns,
// that leaves its blocks' masses unchanged; and mass cannot move between components, so each one
// is balanced to its own total. Without this, Newton follows the unbounded direction of the dual
// of a component whose row and column masses differ (D grows by λ(A_k − B_k)): shifts of 1e10 and
// more, under which the dropped blocks between components carry absurd mass.
struct Components {
  std::vector<int> of;     // component of each node (R + C)
  std::vector<int> gauge;  // per component: the node held at shift 0 in the Newton solves
  int count = 0;

  Components(const KeptBlocks& kept, const std::vector<double>& Q) {
    const int R = kept.row_clusters, n = R + kept.col_clusters;
    std::vector<int> parent(n);
    for (int k = 0; k < n; ++k) parent[k] = k;
    auto root = [&](int k) {
      while (parent[k] != k) k = parent[k] = parent[parent[k]];
      return k;
    };
    for (int K = 0; K < R; ++K)
      for (int b = kept.row_begin[K]; b < kept.row_begin[K + 1]; ++b)
        if (Q[b] > 0) {
          const int x = root(K), y = root(R + kept.row_cols[b]);
          if (x != y) parent[std::max(x, y)] = std::min(x, y);
        }
    of.assign(n, -1);
    std::vector<int> id(n, -1);
    for (int k = 0; k < n; ++k) {  // numbered in node order: deterministic
      const int top = root(k);
      if (id[top] < 0) id[top] = count++, gauge.push_back(k);
      of[k] = id[top];
    }
  }
};

// Preconditioned conjugate gradients for H d = g (gauge entry fixed at 0).
Eigen::VectorXd solve(const Graph& G, const std::vector<double>& M, const Eigen::VectorXd& r, const Eigen::VectorXd& c,
                      const std::vector<int>& gauge, Eigen::VectorXd g) {
  const int n = G.R + G.C;
  Eigen::VectorXd diag(n);
  diag.head(G.R) = r;
  diag.tail(G.C) = c;
  for (int k = 0; k < n; ++k) diag[k] = diag[k] > 1e-300 ? 1.0 / diag[k] : 0.0;
  for (int k : gauge) g[k] = 0, diag[k] = 0;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(n), res = g, z = diag.cwiseProduct(res), p = z, Hp;
  double rz = res.dot(z);
  const double stop = 1e-20 * g.squaredNorm();
  for (int it = 0; it < 4 * n && res.squaredNorm() > stop; ++it) {
    G.apply(M, r, c, gauge, p, Hp);
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
  const Components parts(kept, Q);
  Eigen::VectorXd s = Eigen::VectorXd::Zero(R), t = Eigen::VectorXd::Zero(C), r, c;
  std::vector<double> M;
  G.weights(s, t, M, r, c);
  // Each component's targets: A and B scaled to the mean of its row and column masses (the best
  // the component can do in L1); a component without mass on one side keeps its sums.
  Eigen::VectorXd mass_a = Eigen::VectorXd::Zero(parts.count), mass_b = Eigen::VectorXd::Zero(parts.count);
  for (int K = 0; K < R; ++K) mass_a[parts.of[K]] += A[K];
  for (int L = 0; L < C; ++L) mass_b[parts.of[R + L]] += B[L];
  Eigen::VectorXd At = r, Bt = c;
  for (int K = 0; K < R; ++K) {
    const int k = parts.of[K];
    if (mass_a[k] > 0 && mass_b[k] > 0) At[K] = A[K] * 0.5 * (mass_a[k] + mass_b[k]) / mass_a[k];
  }
  for (int L = 0; L < C; ++L) {
    const int k = parts.of[R + L];
    if (mass_a[k] > 0 && mass_b[k] > 0) Bt[L] = B[L] * 0.5 * (mass_a[k] + mass_b[k]) / mass_b[k];
  }
  auto error = [&](const Eigen::VectorXd& rr, const Eigen::VectorXd& cc, const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return (rr - a).lpNorm<1>() + (cc - b).lpNorm<1>();
  };
  CoarseCorrection out;
  out.error_before = error(r, c, A, B);
  double balance = error(r, c, At, Bt);  // the error Newton can remove
  double d = G.dual(s, t, At, Bt);
  for (int step = 0; step < max_steps && balance > tol; ++step) {
    Eigen::VectorXd grad(R + C);
    grad.head(R) = At - r;
    grad.tail(C) = Bt - c;
    const Eigen::VectorXd dir = solve(G, M, r, c, parts.gauge, grad);
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
      const double d2 = G.dual(s2, t2, At, Bt), e2 = error(r2, c2, At, Bt);
      if (std::isfinite(d2) && (d2 >= d + 1e-4 * tau * slope || e2 < 0.5 * balance)) {
        s = s2, t = t2, M.swap(M2), r = r2, c = c2, d = d2;
        balance = e2;
        moved = true;
        break;
      }
    }
    if (!moved) break;
    ++out.newton_steps;
  }
  // Each component's gauge, which the solve left to its arbitrary gauge node: split the shift
  // evenly between rows and columns (equal mass-weighted means of s and t), so that the
  // blocks left out between components move as little as the correction allows.
  Eigen::VectorXd mean_s = Eigen::VectorXd::Zero(parts.count), mean_t = Eigen::VectorXd::Zero(parts.count);
  for (int K = 0; K < R; ++K)
    if (mass_a[parts.of[K]] > 0) mean_s[parts.of[K]] += A[K] * s[K] / mass_a[parts.of[K]];
  for (int L = 0; L < C; ++L)
    if (mass_b[parts.of[R + L]] > 0) mean_t[parts.of[R + L]] += B[L] * t[L] / mass_b[parts.of[R + L]];
  const Eigen::VectorXd lambda = 0.5 * (mean_t - mean_s);
  for (int K = 0; K < R; ++K) s[K] += lambda[parts.of[K]];
  for (int L = 0; L < C; ++L) t[L] -= lambda[parts.of[R + L]];
  out.error_after = error(r, c, A, B);
  out.u = eps * s;
  out.v = eps * t;
  return out;
}

}  // namespace monge::entropic
