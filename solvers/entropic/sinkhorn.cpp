#include "solvers/entropic/sinkhorn.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "solvers/common/errors.hpp"
#include "solvers/entropic/cost_rows.hpp"
#include "solvers/entropic/sns.hpp"

namespace monge {

using entropic::CostRows;
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

EntropicMethod parse_entropic_method(const std::string& name, const std::string& where) {
  if (name == "sinkhorn") return EntropicMethod::Sinkhorn;
  if (name == "sns") return EntropicMethod::SinkhornNewtonSparse;
  throw InputError(where + ": expected sinkhorn or sns, got '" + name + "'");
}

const char* entropic_method_name(EntropicMethod m) {
  return m == EntropicMethod::Sinkhorn ? "sinkhorn" : "sns";
}

Eigen::VectorXd probability_vector(const Weights& w, int n, const std::string& what) {
  if (w.size() == 0) return Eigen::VectorXd::Constant(n, 1.0 / n);
  if (w.size() != n)
    throw InputError(what + ": " + std::to_string(w.size()) + " weights for " + std::to_string(n) + " points");
  Eigen::VectorXd p = w.cast<double>();
  for (int i = 0; i < n; ++i)
    if (!std::isfinite(p[i]) || p[i] < 0) throw InputError(what + ": weight " + std::to_string(i) + " is negative or not finite");
  const double s = p.sum();
  if (!(s > 0)) throw InputError(what + ": weights sum to zero");
  return p / s;
}

namespace entropic {

void softmin_rows(const CostRows& C, const Eigen::VectorXd& h, const Eigen::VectorXd& logw, double eps,
                  Eigen::VectorXd& out) {
  out.resize(C.rows);
  const double inv = 1.0 / eps;
  const int M = C.cols;
  // h/ε + log w once per half-step, so the inner loop is one fused multiply-subtract and an exp.
  std::vector<double> base(M);
  for (int j = 0; j < M; ++j) base[j] = h[j] * inv + logw[j];
#pragma omp parallel
  {
    std::vector<double> buffer(M), t(M);
#pragma omp for schedule(static)
    for (int i = 0; i < C.rows; ++i) {
      const double* c = C.row(i, buffer.data());
      double mx = -1e300;
      for (int j = 0; j < M; ++j) {
        t[j] = base[j] - c[j] * inv;
        mx = std::max(mx, t[j]);
      }
      // Exps into the buffer first: that loop vectorises, a floating-point sum reduction would
      // not (without -ffast-math), and the plain sum after it is cheap.
      for (int j = 0; j < M; ++j) t[j] = fast_exp(t[j] - mx);
      double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
      int j = 0;
      for (; j + 4 <= M; j += 4) {
        s0 += t[j];
        s1 += t[j + 1];
        s2 += t[j + 2];
        s3 += t[j + 3];
      }
      for (; j < M; ++j) s0 += t[j];
      out[i] = -eps * (mx + std::log((s0 + s1) + (s2 + s3)));
    }
  }
}

}  // namespace entropic

namespace {

Eigen::VectorXd safe_log(const Eigen::VectorXd& w) {
  Eigen::VectorXd l(w.size());
  for (int i = 0; i < w.size(); ++i) l[i] = w[i] > 0 ? std::log(w[i]) : -1e300;
  return l;
}

// ⟨P, C⟩, the objective and the L1 row error, from one pass over the plan.
void plan_summary(const CostRows& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps,
                  SinkhornResult& r, double* row_error) {
  const Eigen::VectorXd la = safe_log(a), lb = safe_log(b);
  double cost = 0, pot = 0, mass = 0, rerr = 0;
  const int M = C.cols;
#pragma omp parallel reduction(+ : cost, pot, mass, rerr)
  {
    std::vector<double> buffer(M);
#pragma omp for schedule(static)
    for (int i = 0; i < C.rows; ++i) {
      const double* c = C.row(i, buffer.data());
      double rc = 0, rm = 0, rp = 0;
      for (int j = 0; j < M; ++j) {
        const double pij = entropic::fast_exp(la[i] + lb[j] + (r.f[i] + r.g[j] - c[j]) / eps);
        rm += pij;
        rc += pij * c[j];
        rp += pij * (r.f[i] + r.g[j]);
      }
      cost += rc;
      pot += rp;
      mass += rm;
      rerr += std::abs(rm - a[i]);
    }
  }
  r.cost = cost;
  // ε KL(P|a⊗b) = Σ P (f + g − C) − ε (mass − 1), so the objective needs no log of P.
  r.objective = pot + eps * (1.0 - mass);
  if (row_error) *row_error = rerr;
}

// Log-domain Sinkhorn at one ε until the error is ≤ tol or `budget` iterations are spent.
// Rows are made exact by the f update; the error is that of the columns, read off the g update
// for free: Σ_i P_ij = b_j exp((g_j − g_new_j)/ε). Returns iterations used.
int sinkhorn_stage(const CostRows& Cxy, const CostRows& Cyx, const Eigen::VectorXd& la, const Eigen::VectorXd& lb,
                   const Eigen::VectorXd& b, double eps, double tol, int budget, SinkhornResult& r,
                   std::vector<double>* history) {
  Eigen::VectorXd gnew;
  int it = 0;
  while (it < budget) {
    entropic::softmin_rows(Cxy, r.g, lb, eps, r.f);
    entropic::softmin_rows(Cyx, r.f, la, eps, gnew);
    ++it;
    double err = 0;
    for (int j = 0; j < b.size(); ++j)
      if (b[j] > 0) err += b[j] * std::abs(std::exp((r.g[j] - gnew[j]) / eps) - 1.0);
    if (!std::isfinite(err)) throw SolverError("Sinkhorn diverged (non-finite potentials) at eps = " + std::to_string(eps));
    r.marginal_error = err;
    if (history) history->push_back(err);
    if (err <= tol) break;
    r.g = gnew;
  }
  return it;
}

double max_cost(const CostRows& C) {
  double mx = 0;
#pragma omp parallel reduction(max : mx)
  {
    std::vector<double> buffer(C.cols);
#pragma omp for
    for (int i = 0; i < C.rows; ++i) {
      const double* c = C.row(i, buffer.data());
      for (int j = 0; j < C.cols; ++j) mx = std::max(mx, c[j]);
    }
  }
  return mx;
}

// Upper bound of the cost from the bounding box, for the online mode (no O(NM) scan).
double bbox_cost(const Points& X, const Points& Y, int kind, double p) {
  const Eigen::RowVectorXf lo = X.colwise().minCoeff().cwiseMin(Y.colwise().minCoeff());
  const Eigen::RowVectorXf hi = X.colwise().maxCoeff().cwiseMax(Y.colwise().maxCoeff());
  const Eigen::RowVectorXf z = Eigen::RowVectorXf::Zero(lo.size());
  const Eigen::RowVectorXf diag = hi - lo;
  return entropic::ground_cost(diag.data(), z.data(), static_cast<int>(lo.size()), kind, p);
}

void check_options(const SinkhornOptions& o) {
  if (!(o.eps > 0) || !std::isfinite(o.eps)) throw InputError("eps: expected a positive number, got " + std::to_string(o.eps));
  if (!(o.tol >= 0)) throw InputError("tol: expected a non-negative number");
  if (o.max_iter < 1) throw InputError("max_iter: expected at least 1");
  if (!(o.scaling_factor > 0 && o.scaling_factor < 1)) throw InputError("scaling_factor: expected a number in (0, 1)");
  if (o.cost == GroundCost::Power && !(o.p > 0)) throw InputError("p: expected a positive exponent");
}

SinkhornResult solve(const CostRows& Cxy, const CostRows& Cyx, const RowMatrix* dense, const Eigen::VectorXd& a,
                     const Eigen::VectorXd& b, const SinkhornOptions& o, const SinkhornResult* warm, double cmax) {
  check_options(o);
  const int N = Cxy.rows, M = Cxy.cols;
  SinkhornResult r;
  r.eps = o.eps;
  r.dense = dense != nullptr;
  const bool use_warm = warm && warm->f.size() == N && warm->g.size() == M && warm->f.allFinite() && warm->g.allFinite();
  r.f = use_warm ? warm->f : Eigen::VectorXd::Zero(N);
  r.g = use_warm ? warm->g : Eigen::VectorXd::Zero(M);
  const Eigen::VectorXd la = safe_log(a), lb = safe_log(b);
  std::vector<double>* history = o.record_history ? &r.history : nullptr;

  // ε schedule: geometric from the largest cost down to ε (Schmitzer 2019; Feydy's "ε-scaling").
  std::vector<double> stages;
  if (o.eps_scaling && !use_warm)
    for (double e = cmax; e > o.eps; e *= o.scaling_factor) stages.push_back(e);
  stages.push_back(o.eps);

  const bool sns = o.method == EntropicMethod::SinkhornNewtonSparse;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    const bool last = s + 1 == stages.size();
    const int budget = o.max_iter - r.iterations;
    if (budget <= 0) break;
    if (!last) {
      // Intermediate stages only need a rough solution to warm-start the next.
      r.iterations += sinkhorn_stage(Cxy, Cyx, la, lb, b, stages[s], std::max(o.tol, 1e-3), std::min(budget, 200), r, history);
    } else if (!sns) {
      r.iterations += sinkhorn_stage(Cxy, Cyx, la, lb, b, o.eps, o.tol, budget, r, history);
    } else {
      r.iterations += sinkhorn_stage(Cxy, Cyx, la, lb, b, o.eps, o.tol, std::min(budget, o.sns_warmup), r, history);
      if (r.marginal_error > o.tol && o.max_iter > r.iterations) {
        const double density = o.sns_density > 0 ? o.sns_density : 2.0 / std::min(N, M);
        r.iterations += entropic::sns_newton(*dense, a, b, o.eps, o.tol, o.max_iter - r.iterations, density, r.f, r.g,
                                             r.marginal_error, history);
      }
    }
  }
  double row_error = 0;
  plan_summary(Cxy, a, b, o.eps, r, &row_error);
  // Sinkhorn leaves the rows exact up to rounding; SNS reports both marginals itself.
  if (!sns) r.marginal_error += row_error;
  r.converged = r.marginal_error <= o.tol;
  return r;
}

}  // namespace

SinkhornResult solve_entropic_dense(const Eigen::MatrixXd& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                    const SinkhornOptions& options, const SinkhornResult* warm) {
  if (C.rows() != a.size() || C.cols() != b.size() || C.size() == 0)
    throw InputError("cost matrix is " + std::to_string(C.rows()) + " by " + std::to_string(C.cols()) + " but a has " +
                     std::to_string(a.size()) + " and b " + std::to_string(b.size()) + " entries");
  const RowMatrix Cr = C, Ct = C.transpose();
  CostRows xy{&Cr, nullptr, nullptr, 0, 2.0, static_cast<int>(C.rows()), static_cast<int>(C.cols())};
  CostRows yx{&Ct, nullptr, nullptr, 0, 2.0, static_cast<int>(C.cols()), static_cast<int>(C.rows())};
  return solve(xy, yx, &Cr, a, b, options, warm, C.maxCoeff());
}

SinkhornResult solve_entropic(const Points& X, const Weights& wa, const Points& Y, const Weights& wb,
                              const SinkhornOptions& o, const SinkhornResult* warm) {
  if (X.rows() == 0 || Y.rows() == 0) throw InputError("entropic OT: empty point cloud");
  if (X.cols() != Y.cols())
    throw InputError("entropic OT: source has d = " + std::to_string(X.cols()) + " but target has d = " +
                     std::to_string(Y.cols()));
  if (!X.allFinite() || !Y.allFinite()) throw SolverError("entropic OT: positions contain NaN or infinity");
  const int N = static_cast<int>(X.rows()), M = static_cast<int>(Y.rows());
  const Eigen::VectorXd a = probability_vector(wa, N, "source weights");
  const Eigen::VectorXd b = probability_vector(wb, M, "target weights");
  const int kind = static_cast<int>(o.cost);
  const bool dense = o.memory == MemoryMode::Dense ||
                     (o.memory == MemoryMode::Auto && static_cast<long long>(N) * M <= o.dense_limit);
  if (o.method == EntropicMethod::SinkhornNewtonSparse && !dense)
    throw InputError("method: sns needs the dense mode (N*M = " + std::to_string(static_cast<long long>(N) * M) +
                     " above the dense limit " + std::to_string(o.dense_limit) + "); use sinkhorn");
  if (!dense) {
    CostRows xy{nullptr, &X, &Y, kind, o.p, N, M};
    CostRows yx{nullptr, &Y, &X, kind, o.p, M, N};
    return solve(xy, yx, nullptr, a, b, o, warm, bbox_cost(X, Y, kind, o.p));
  }
  RowMatrix C(N, M);
  CostRows online{nullptr, &X, &Y, kind, o.p, N, M};
#pragma omp parallel for
  for (int i = 0; i < N; ++i) {
    const double* row = online.row(i, C.data() + static_cast<std::ptrdiff_t>(i) * M);
    (void)row;
  }
  const RowMatrix Ct = C.transpose();
  CostRows xy{&C, nullptr, nullptr, kind, o.p, N, M};
  CostRows yx{&Ct, nullptr, nullptr, kind, o.p, M, N};
  return solve(xy, yx, &C, a, b, o, warm, max_cost(xy));
}

}  // namespace monge
