// See scaling_sinkhorn.cpp: lets GCC vectorise the clamps of fast_exp in the log-sum-exp loops.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include "solvers/entropic/sinkhorn.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/errors.hpp"
#include "solvers/entropic/block_solver.hpp"
#include "solvers/entropic/cost_rows.hpp"
#include "solvers/entropic/log_stage.hpp"
#include "solvers/entropic/memory_budget.hpp"
#include "solvers/entropic/scaling_sinkhorn.hpp"
#include "base/progress.hpp"
#include "solvers/entropic/simd_dispatch.hpp"
#include "solvers/entropic/sinkhorn_internal.hpp"
#include "solvers/entropic/sns.hpp"

namespace monge {

using entropic::CostRows;
using entropic::KernelPrecision;
using entropic::RowMatrix;

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



double dense_memory_budget(const SinkhornOptions& o) {
  if (o.dense_memory >= 0) return o.dense_memory;
  return kDenseMemoryFraction * static_cast<double>(entropic::available_memory_bytes());
}

bool dense_fits(long long n, long long m, const SinkhornOptions& o) {
  const double bytes = static_cast<double>(n) * static_cast<double>(m) * (o.tol >= entropic::kSingleKernelTol ? 4 : 8);
  return bytes <= dense_memory_budget(o);
}

namespace entropic {

Eigen::VectorXd safe_log(const Eigen::VectorXd& w) {
  Eigen::VectorXd l(w.size());
  for (int i = 0; i < w.size(); ++i) l[i] = w[i] > 0 ? std::log(w[i]) : -1e300;
  return l;
}

void check_options(const SinkhornOptions& o) {
  if (!(o.eps > 0) || !std::isfinite(o.eps)) throw InputError("eps: expected a positive number, got " + std::to_string(o.eps));
  if (!(o.tol >= 0)) throw InputError("tol: expected a non-negative number");
  if (o.max_iter < 1) throw InputError("max_iter: expected at least 1");
  if (!(o.scaling_factor > 0 && o.scaling_factor < 1)) throw InputError("scaling_factor: expected a number in (0, 1)");
  if (o.cost == GroundCost::Power && !(o.p > 0)) throw InputError("p: expected a positive exponent");
  if (!(o.truncation_mass < 1)) throw InputError("truncation_mass: expected a number below 1 (or -1 for tol/20)");
}

std::vector<double> eps_schedule(double cmax, double eps, double factor, bool scaling) {
  std::vector<double> stages;
  if (scaling && !(cmax <= kScalingMinRatio * eps)) {  // also for a NaN or infinite cmax
    const double top = eps * std::pow(factor, -kMaxStages);
    for (double e = std::isfinite(cmax) ? std::min(cmax, top) : top; e > eps && stages.size() < kMaxStages; e *= factor)
      stages.push_back(e);
  }
  stages.push_back(eps);
  return stages;
}

}  // namespace entropic

namespace {

using entropic::kSingleExpTol;
using entropic::kSingleKernelTol;
using entropic::safe_log;

// Row i of the plan P_ij = exp(log a_i + log b_j + (f_i + g_j − C_ij)/ε): adds it to the column
// sums `col` and returns its mass rm, Σ_j P_ij C_ij in rc and Σ_j P_ij (f_i + g_j) in rp.
MONGE_SIMD_CLONES void plan_row(const double* c, double fi, double lai, const double* g, const double* lb,
                                double inv, int M, double* col, double& rc, double& rm, double& rp) {
  double sc = 0, sm = 0, sp = 0;
  // omp simd: lets the sums vectorise (a plain loop keeps the sequential order, and scalar).
#pragma omp simd reduction(+ : sc, sm, sp)
  for (int j = 0; j < M; ++j) {
    // Exactly 0 where the exponent underflows (fast_exp would clamp to e^-708), so that a huge or
    // infinite cost entry adds nothing (and no 0·inf) to the sums.
    const double arg = lai + lb[j] + (fi + g[j] - c[j]) * inv;
    const double pij = arg < -708.0 ? 0.0 : entropic::fast_exp(arg);
    sm += pij;
    sc += pij > 0 ? pij * c[j] : 0.0;
    sp += pij * (fi + g[j]);
    col[j] += pij;
  }
  rc = sc;
  rm = sm;
  rp = sp;
}

// plan_summary on a runner: two row reductions instead of one pass over P. Row i of P is
// exp(log a_i + f_i/ε) exp(t_ij) with t_ij = log b_j + (g_j − C_ij)/ε, so its mass is
// a_i exp((f_i − fs_i)/ε) with fs the softmin, and Σ_j P_ij C_ij = mass · (mean cost of the row);
// the column masses are b_j exp((g_j − gs_j)/ε) with gs the column-wise softmin of f.
void plan_summary_runner(const CostRows& C, const CostRows& Ct, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                         const Eigen::VectorXd& la, const Eigen::VectorXd& lb, double eps, SinkhornResult& r) {
  SoftminMoments rows;
  C.runner->moments(C.problem(), r.g, lb, eps, rows);
  Eigen::VectorXd gs;
  Ct.runner->softmin(Ct.problem(), r.f, la, eps, false, gs);
  double cost = 0, pot = 0, mass = 0, err = 0;
  for (int i = 0; i < C.rows; ++i) {
    const double rm = a[i] > 0 ? std::exp(la[i] + (r.f[i] - rows.softmin[i]) / eps) : 0.0;
    cost += rm * rows.mean_cost[i];
    pot += rm * (r.f[i] + rows.mean_h[i]);
    mass += rm;
    err += std::abs(rm - a[i]);
  }
  for (int j = 0; j < C.cols; ++j)
    err += std::abs((b[j] > 0 ? std::exp(lb[j] + (r.g[j] - gs[j]) / eps) : 0.0) - b[j]);
  r.cost = cost;
  r.objective = pot + eps * (1.0 - mass);
  r.marginal_error = err;
}

// ⟨P, C⟩, the objective and the exact L1 marginal error (rows and columns), from one pass over
// the plan in double precision, whatever precision the iterations used. Ct: the transposed rows
// (used with a runner only). The rows are cut into a fixed number of blocks whose partial sums
// are added in block order: the result does not depend on the thread count.
void plan_summary(const CostRows& C, const CostRows& Ct, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                  double eps, SinkhornResult& r) {
  const Eigen::VectorXd la = safe_log(a), lb = safe_log(b);
  if (C.runner) return plan_summary_runner(C, Ct, a, b, la, lb, eps, r);
  const int M = C.cols, blocks = std::min(C.rows, 64);
  Eigen::MatrixXd columns = Eigen::MatrixXd::Zero(M, blocks);
  Eigen::MatrixXd part = Eigen::MatrixXd::Zero(4, blocks);  // cost, pot, mass, row error
#pragma omp parallel
  {
    std::vector<double> buffer(M);
#pragma omp for schedule(static)
    for (int k = 0; k < blocks; ++k) {
      const int i0 = static_cast<int>(static_cast<long long>(C.rows) * k / blocks);
      const int i1 = static_cast<int>(static_cast<long long>(C.rows) * (k + 1) / blocks);
      for (int i = i0; i < i1; ++i) {
        const double* c = C.row(i, buffer.data());
        double rc = 0, rm = 0, rp = 0;
        plan_row(c, r.f[i], la[i], r.g.data(), lb.data(), 1.0 / eps, M, columns.col(k).data(), rc, rm, rp);
        part(0, k) += rc;
        part(1, k) += rp;
        part(2, k) += rm;
        part(3, k) += std::abs(rm - a[i]);
      }
    }
  }
  double cost = 0, pot = 0, mass = 0, rerr = 0;
  Eigen::VectorXd column = Eigen::VectorXd::Zero(M);
  for (int k = 0; k < blocks; ++k) {
    cost += part(0, k);
    pot += part(1, k);
    mass += part(2, k);
    rerr += part(3, k);
    column += columns.col(k);
  }
  r.cost = cost;
  // ε KL(P|a⊗b) = Σ P (f + g − C) − ε (mass − 1), so the objective needs no log of P.
  r.objective = pot + eps * (1.0 - mass);
  r.marginal_error = rerr + (column - b).lpNorm<1>();
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

// One solve: the ε stages, each in the scaling form on a stored kernel (dense mode) or in the log
// domain (online mode, or a dense stage whose kernel underflowed), then SNS's Newton phase.
class Solver {
 public:
  // xy: the cost rows (a stored matrix or positions); yx: its transpose when available (else Cᵀ
  // is stored on first use); stored: the cost matrix if there is one (SNS needs it); kernel:
  // the dense memory mode (a stored kernel and the scaling form).
  Solver(const CostRows& xy, const CostRows* yx, const RowMatrix* stored, bool kernel, const Eigen::VectorXd& a,
         const Eigen::VectorXd& b, const SinkhornOptions& o)
      : xy_(xy), yx_(yx), stored_(stored), kernel_(kernel), a_(a), b_(b), o_(o), la_(safe_log(a)), lb_(safe_log(b)) {}

  SinkhornResult run(const SinkhornResult* warm, double cmax) {
    entropic::check_options(o_);
    const int N = xy_.rows, M = xy_.cols;
    r_.eps = o_.eps;
    r_.dense = kernel_;
    const bool use_warm = warm && warm->f.size() == N && warm->g.size() == M && warm->f.allFinite() && warm->g.allFinite();
    r_.f = use_warm ? warm->f : Eigen::VectorXd::Zero(N);
    r_.g = use_warm ? warm->g : Eigen::VectorXd::Zero(M);
    log_.history = o_.record_history ? &r_.history : nullptr;
    log_.hook = o_.on_iteration ? &o_.on_iteration : nullptr;
    report_ = log_.history || log_.hook ? &log_ : nullptr;

    // ε schedule: geometric from the largest cost down to ε (Schmitzer 2019; Feydy's "ε-scaling").
    // Skipped when C_max/ε is small: a cold start then converges as fast (measured: 44 against 45
    // iterations at C_max/ε = 40), and each stage costs a kernel rebuild.
    const std::vector<double> stages = entropic::eps_schedule(cmax, o_.eps, o_.scaling_factor, o_.eps_scaling && !use_warm);

    const bool sns = o_.method == EntropicMethod::SinkhornNewtonSparse;
    for (std::size_t s = 0; s + 1 < stages.size(); ++s)  // rough solutions to warm-start the next
      stage(stages[s], std::max(o_.tol, entropic::kStageTol), entropic::stage_budget(budget(), stages.size() - s),
            KernelPrecision::Single);
    const KernelPrecision last = o_.tol >= kSingleKernelTol ? KernelPrecision::Single : KernelPrecision::Double;
    if (!sns) {
      stage(o_.eps, o_.tol, budget(), last);
    } else {
      stage(o_.eps, o_.tol, std::min(budget(), o_.sns_warmup), KernelPrecision::Double);
      if (r_.marginal_error > o_.tol && budget() > 0) {
        const double density = o_.sns_density > 0 ? o_.sns_density : 2.0 / std::min(N, M);
        r_.iterations += entropic::sns_newton(*stored_, a_, b_, o_.eps, o_.tol, budget(), density, r_.f, r_.g,
                                              r_.marginal_error, report_, r_.iterations);
      }
    }
    plan_summary(xy_, yx_ ? *yx_ : xy_, a_, b_, o_.eps, r_);
    // Float kernels or exps can stop a little short of the exact error: finish in double (in the
    // log domain if a double kernel would not fit the memory budget).
    if (!sns && last == KernelPrecision::Single && r_.marginal_error > o_.tol && budget() > 0) {
      if (kernel_ && !dense_fits(N, M, double_tolerance())) kernel_ = false;
      stage(o_.eps, o_.tol, budget(), KernelPrecision::Double);
      plan_summary(xy_, yx_ ? *yx_ : xy_, a_, b_, o_.eps, r_);
    }
    r_.converged = r_.marginal_error <= o_.tol;
    // Non-finite numbers never leave the solver silently ("cost": null in the CLI's JSON).
    for (const auto& [name, value] : {std::pair<const char*, double>{"cost <P, C>", r_.cost}, {"objective", r_.objective},
                                      {"marginal error", r_.marginal_error}})
      if (!std::isfinite(value))
        throw SolverError(std::string("entropic OT: the ") + name + " is not finite (" + std::to_string(value) +
                          ") at eps = " + std::to_string(o_.eps) + "; rescale the data or raise eps");
    return r_;
  }

 private:
  int budget() const { return o_.max_iter - r_.iterations; }

  // The options with a tolerance that needs double kernels (for dense_fits).
  SinkhornOptions double_tolerance() const {
    SinkhornOptions o = o_;
    o.tol = 0;
    return o;
  }

  void stage(double eps, double tol, int iterations, KernelPrecision precision) {
    if (iterations <= 0) return;
    if (kernel_) {
      const entropic::ScalingStage st = entropic::scaling_sinkhorn(xy_, a_, b_, eps, tol, iterations, precision,
                                                                   o_.overrelax, r_.f, r_.g, report_, r_.iterations,
                                                                   workspace_);
      r_.iterations += st.iterations;
      r_.marginal_error = st.error;
      if (!st.underflow) return;
      iterations -= st.iterations;
    }
    // Log-domain Sinkhorn on the cost rows (softmin.cpp or a runner); `single`: float exps.
    const bool single = precision == KernelPrecision::Single && tol >= kSingleExpTol;
    const CostRows& yx = transposed();
    auto rows = [&](const Eigen::VectorXd& g, const Eigen::VectorXd&, Eigen::VectorXd& fs) {
      entropic::softmin_rows(xy_, g, lb_, eps, single, fs);
    };
    auto cols = [&](const Eigen::VectorXd& f, const Eigen::VectorXd&, Eigen::VectorXd& gs) {
      entropic::softmin_rows(yx, f, la_, eps, single, gs);
    };
    r_.iterations += entropic::log_domain_stage(rows, cols, a_, b_, eps, tol, iterations, o_.overrelax, r_.f, r_.g,
                                                r_.marginal_error, report_, r_.iterations, [](int) {});
  }

  // The column-wise cost rows: given (online mode) or Cᵀ stored on first use (dense mode, only
  // when a kernel underflows, so the common dense path keeps one N·M matrix).
  const CostRows& transposed() {
    if (yx_) return *yx_;
    if (!dense_t_.size()) {
      dense_t_ = stored_->transpose();
      yx_dense_ = CostRows{&dense_t_, nullptr, nullptr, xy_.kind, xy_.p, xy_.cols, xy_.rows};
    }
    return yx_dense_;
  }

  const CostRows& xy_;
  const CostRows* yx_;
  const RowMatrix* stored_;
  bool kernel_;
  const Eigen::VectorXd &a_, &b_;
  const SinkhornOptions& o_;
  const Eigen::VectorXd la_, lb_;
  RowMatrix dense_t_;
  CostRows yx_dense_;
  SinkhornResult r_;
  entropic::IterationLog log_;
  const entropic::IterationLog* report_ = nullptr;  // &log_, or null when nothing listens
  entropic::ScalingWorkspace workspace_;
};

}  // namespace

SinkhornResult solve_entropic_dense(const Eigen::MatrixXd& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                    const SinkhornOptions& options, const SinkhornResult* warm) {
  if (C.rows() != a.size() || C.cols() != b.size() || C.size() == 0)
    throw InputError("cost matrix is " + std::to_string(C.rows()) + " by " + std::to_string(C.cols()) + " but a has " +
                     std::to_string(a.size()) + " and b " + std::to_string(b.size()) + " entries");
  const RowMatrix Cr = C;
  const CostRows xy{&Cr, nullptr, nullptr, 0, 2.0, static_cast<int>(C.rows()), static_cast<int>(C.cols())};
  // The ε schedule starts at the largest finite cost: an infinite entry (a forbidden pair) gets no
  // mass at any ε and says nothing about the scale of the others.
  double cmax = 0;
  for (Eigen::Index k = 0; k < C.size(); ++k)
    if (std::isfinite(C.data()[k])) cmax = std::max(cmax, C.data()[k]);
  return Solver(xy, nullptr, &Cr, true, a, b, options).run(warm, cmax);
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
  // A runner does the online mode's reductions, so Auto then picks it (SNS reads a stored matrix).
  const bool on_runner = o.runner && o.method == EntropicMethod::Sinkhorn;
  const bool dense = o.memory == MemoryMode::Dense ||
                     (o.memory == MemoryMode::Auto && !on_runner && entropic::prefer_dense(X, Y, o));
  if (o.method == EntropicMethod::SinkhornNewtonSparse && !dense)
    throw InputError("method: sns needs the dense mode (" + std::to_string(N) + " by " + std::to_string(M) +
                     " kernel entries do not fit the dense memory budget of " +
                     std::to_string(static_cast<long long>(dense_memory_budget(o) / 1e6)) + " MB); use sinkhorn");
  SoftminRunner* runner = on_runner && !dense ? o.runner.get() : nullptr;
  const double cmax = bbox_cost(X, Y, kind, o.p);
  // Coordinates near float's limit: the costs themselves overflow, and no ε scale is meaningful.
  // (A dense cost matrix may hold infinite entries on purpose, forbidden pairs: not refused there.)
  if (!std::isfinite(cmax))
    throw SolverError("entropic OT: the largest cost |x - y|^2 is not finite (coordinates too large); rescale the data");
  if (!dense && !runner && entropic::blocked_applies(X, o))  // the tiled online mode (block_solver.cpp)
    return entropic::solve_blocked(X, a, Y, b, o, warm, cmax, &X == &Y && a == b);
  const CostRows xy{nullptr, &X, &Y, kind, o.p, N, M, runner};
  const CostRows yx{nullptr, &Y, &X, kind, o.p, M, N, runner};
  if (o.method != EntropicMethod::SinkhornNewtonSparse)  // the kernel is built from the positions
    return Solver(xy, &yx, nullptr, dense, a, b, o).run(warm, cmax);
  RowMatrix C(N, M);  // SNS reads the cost matrix at every Newton step
#pragma omp parallel for
  for (int i = 0; i < N; ++i) {
    const double* row = xy.row(i, C.data() + static_cast<std::ptrdiff_t>(i) * M);
    (void)row;
  }
  const CostRows stored{&C, nullptr, nullptr, kind, o.p, N, M};
  return Solver(stored, nullptr, &C, true, a, b, o).run(warm, max_cost(stored));
}

}  // namespace monge
