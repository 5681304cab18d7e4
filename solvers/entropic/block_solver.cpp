// The tiled online mode (block_solver.hpp). Sections: policy · the solver (multiscale start,
// ε stages with truncation masks, the exact summary) · plan rows.
#include "solvers/entropic/block_solver.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/errors.hpp"
#include "base/progress.hpp"
#include "solvers/entropic/coarse_correction.hpp"
#include "solvers/entropic/log_stage.hpp"
#include "solvers/entropic/sinkhorn_internal.hpp"

namespace monge::entropic {
namespace {

// Iterations between two checks that the truncation mask still holds for the current potentials.
constexpr int kMaskCheckEvery = 8;
// Iterations between two coarse-grid corrections (coarse_correction.hpp) while above tol, and the
// block error below which a correction is not worth its pass (float block masses are good to ~1e-7).
constexpr int kCorrectEvery = 10;
constexpr double kCorrectFloor = 1e-5;
// Extra double-precision passes at the final ε when the exact error is still above tol.
constexpr int kFinishes = 4;
// Multiscale: ε stages at or above this multiple of the squared cluster spacing run on the
// clusters' centroids.
constexpr double kCoarseScale = 1.0;

// δ: the option, or tol/20 (the dropped mass then costs at most a tenth of the tolerance), at
// most 1e-4. δ = 0 (tol = 0) keeps every block with mass.
double truncation_delta(const SinkhornOptions& o) {
  if (o.truncation_mass > 0) return o.truncation_mass;
  return std::min(o.tol / 20, 1e-4);
}

Points centroids(const ClusteredCloud& c) {
  Points P(c.clusters, c.d);
  for (int K = 0; K < c.clusters; ++K)
    for (int k = 0; k < c.d; ++k) P(K, k) = static_cast<float>(c.centroid[K * c.d + k]);
  return P;
}

Eigen::VectorXd masses(const ClusteredCloud& c) {
  Eigen::VectorXd m(c.clusters);
  for (int K = 0; K < c.clusters; ++K) m[K] = c.mass[K];
  return m / m.sum();
}

class BlockSolver {
 public:
  BlockSolver(std::shared_ptr<BlockPlan> plan, const SinkhornOptions& o)
      : plan_(std::move(plan)), o_(o), rows_(*plan_->X, *plan_->Y, plan_->b), cols_(*plan_->Y, *plan_->X, plan_->a),
        symmetric_(plan_->X == plan_->Y && plan_->a == plan_->b) {}

  SinkhornResult run(const SinkhornResult* warm, double cmax) {
    const BlockPlan& p = *plan_;
    const int N = p.X->n, M = p.Y->n;
    r_.eps = o_.eps;
    r_.dense = false;
    r_.blocked = true;
    r_.clusters_x = p.X->clusters;
    r_.clusters_y = p.Y->clusters;
    const bool use_warm = warm && warm->f.size() == N && warm->g.size() == M && warm->f.allFinite() && warm->g.allFinite();
    r_.f = use_warm ? warm->f : Eigen::VectorXd::Zero(N);
    r_.g = use_warm ? (symmetric_ ? warm->f : warm->g) : Eigen::VectorXd::Zero(M);
    log_.history = o_.record_history ? &r_.history : nullptr;
    log_.hook = o_.on_iteration ? &o_.on_iteration : nullptr;
    report_ = log_.history || log_.hook ? &log_ : nullptr;
    if (!o_.truncate) plan_->kept = all_blocks(*p.X, *p.Y);

    // A warm start trusts f (the flow moves it with its particles, divergence_flow.cpp) and first
    // balances g against it: the iterations would otherwise begin by overwriting f from a g that
    // was balanced against the old positions.
    if (use_warm && !symmetric_) {
      if (o_.truncate) refit_mask(o_.eps);
      Eigen::VectorXd gs;
      cols_.softmin(plan_->kept.by_cols(), r_.f, r_.g, o_.eps, o_.tol >= kSingleExpTol, gs, &r_.kernel_entries);
      r_.g = gs;
    }
    std::vector<double> stages = eps_schedule(cmax, o_.eps, o_.scaling_factor, o_.eps_scaling && !use_warm);
    std::size_t next = 0;
    if (o_.multiscale && stages.size() > 1) next = coarse_start(stages);
    for (; next + 1 < stages.size(); ++next)  // rough solutions to warm-start the next
      stage(stages[next], std::max(o_.tol, kStageTol), stage_budget(budget(), stages.size() - next), true);
    // The final ε. With truncation the stage aims below tol by the dropped mass it may add.
    const double target = o_.truncate ? 0.9 * std::max(0.0, o_.tol - 2 * p.delta) : o_.tol;
    stage(o_.eps, target, budget(), o_.tol >= kSingleExpTol);
    for (int k = 0; k <= kFinishes; ++k) {
      summary(o_.tol >= kSingleExpTol);
      if (r_.marginal_error <= o_.tol || budget() <= 0 || k == kFinishes) break;
      stage(o_.eps, target, budget(), false);  // float lanes stopped short, or the mask went stale
    }
    r_.converged = r_.marginal_error <= o_.tol;
    r_.kept_fraction = static_cast<double>(p.kept.kept_entries) / (static_cast<double>(N) * M);
    r_.blocks = plan_;
    return r_;
  }

 private:
  int budget() const { return o_.max_iter - r_.iterations; }

  // GeomLoss's multiscale start: the stages at or above kCoarseScale·cell² are solved on the
  // clusters' centroids (weights: the cluster masses) in the dense mode, and the coarse
  // potentials are extrapolated to the points at the last of them, ε_c:
  //   f_i = −ε_c log Σ_L B_L exp((G_L − |x_i − c_L|²)/ε_c), g_j likewise.
  // Returns the index of the first stage left to the points.
  std::size_t coarse_start(const std::vector<double>& stages) {
    const ClusteredCloud &X = *plan_->X, &Y = *plan_->Y;
    const double cell = std::max(X.cell, Y.cell), jump = kCoarseScale * cell * cell;
    std::size_t c = 0;
    while (c + 1 < stages.size() && stages[c] >= jump) ++c;
    if (c == 0) return 0;
    const double eps_c = stages[c - 1];
    const Points PX = centroids(X), PY = centroids(Y);
    const Eigen::VectorXd A = masses(X), B = masses(Y);
    SinkhornOptions co = o_;
    co.eps = eps_c;
    co.tol = std::max(o_.tol, kStageTol);
    co.memory = MemoryMode::Dense;
    co.record_history = false;
    co.runner = nullptr;
    co.dense_memory = 1e300;  // at most 4096 by 4096 centroids
    const Weights wa = A.cast<float>(), wb = B.cast<float>();
    const SinkhornResult coarse = solve_entropic(PX, wa, PY, wb, co);
    r_.coarse_iterations = coarse.iterations;
    extrapolate(X, PY, B, coarse.g, coarse.f, eps_c, r_.f);
    if (symmetric_)
      r_.g = r_.f;
    else
      extrapolate(Y, PX, A, coarse.f, coarse.g, eps_c, r_.g);
    return c;
  }

  // out_i = −ε log Σ_L w_L exp((h_L − |x_i − p_L|²)/ε) for the points of `rows` against the
  // coarse points P (weights w, potentials h); own: the rows' own coarse potentials (the
  // prediction: the value at their cluster's centroid).
  void extrapolate(const ClusteredCloud& rows, const Points& P, const Eigen::VectorXd& w, const Eigen::VectorXd& h,
                   const Eigen::VectorXd& own, double eps, Eigen::VectorXd& out) {
    const ClusteredCloud coarse = cluster_cloud(P, w, choose_cell(P, eps));
    const KeptBlocks all = all_blocks(rows, coarse);
    Eigen::VectorXd pred(rows.n);
    for (int i = 0; i < rows.n; ++i) pred[i] = own[rows.cluster_of[i]];
    BlockSide(rows, coarse, w).softmin(all.by_rows(), h, pred, eps, true, out, &r_.kernel_entries);
  }

  // Rebuilds the mask from the current potentials at ε.
  void refit_mask(double eps) {
    DroppedBounds bounds;
    plan_->kept = truncated_blocks(*plan_->X, *plan_->Y, r_.f, r_.g, plan_->a, plan_->b, eps, plan_->delta, bounds);
  }

  void stage(double eps, double tol, int iterations, bool single) {
    if (iterations <= 0) return;
    if (o_.truncate) refit_mask(eps);
    BlockPlan& p = *plan_;
    auto rows = [&](const Eigen::VectorXd& g, const Eigen::VectorXd& f, Eigen::VectorXd& fs) {
      rows_.softmin(p.kept.by_rows(), g, f, eps, single, fs, &r_.kernel_entries);
    };
    auto cols = [&](const Eigen::VectorXd& f, const Eigen::VectorXd& g, Eigen::VectorXd& gs) {
      cols_.softmin(p.kept.by_cols(), f, g, eps, single, gs, &r_.kernel_entries);
    };
    // The coarse correction works in float lanes (block masses to ~1e-7): it serves the float
    // stages, while the error is still well above their tolerance.
    const bool correcting = o_.coarse_correction && single;
    if (correcting) correct(eps, tol);
    auto after = [&](int it) {
      if (o_.truncate && it % kMaskCheckEvery == 0 &&
          !dropped_bounds(p.kept, *p.X, *p.Y, r_.f, r_.g, p.a, p.b, eps, p.delta).within)
        refit_mask(eps);
      if (correcting && it % kCorrectEvery == 0 && r_.marginal_error > 2 * tol) correct(eps, tol);
    };
    if (symmetric_)
      r_.iterations += symmetric_stage(eps, tol, iterations, single, after);
    else
      r_.iterations += log_domain_stage(rows, cols, p.a, p.b, eps, tol, iterations, o_.overrelax, r_.f, r_.g,
                                        r_.marginal_error, report_, r_.iterations, after);
  }

  // The coarse-grid correction (coarse_correction.hpp): the plan's block masses, then per-cluster
  // shifts of f and g that balance them. One float pass over the kept blocks; skipped when the
  // block sums are already within tol/4 (the fine iterations then do better on their own).
  void correct(double eps, double tol) {
    const BlockPlan& p = *plan_;
    const std::vector<double> Q = rows_.block_masses(p.kept.by_rows(), static_cast<int>(p.kept.blocks()), r_.f, r_.g,
                                                     p.a, eps);
    r_.kernel_entries += p.kept.kept_entries;
    const CoarseCorrection c = coarse_correction(p.kept, Q, masses(*p.X), masses(*p.Y), eps, 0.25 * tol);
    if (!(c.error_after < 0.5 * c.error_before) || c.error_before <= std::max(0.25 * tol, kCorrectFloor)) return;
    Eigen::VectorXd f = r_.f, g;
    for (int i = 0; i < p.X->n; ++i) f[i] += symmetric_ ? 0.5 * (c.u[p.X->cluster_of[i]] + c.v[p.X->cluster_of[i]])
                                                        : c.u[p.X->cluster_of[i]];
    if (symmetric_) {
      g = f;
    } else {
      g = r_.g;
      for (int j = 0; j < p.Y->n; ++j) g[j] += c.v[p.Y->cluster_of[j]];
    }
    // The shifts balance the kept blocks only; they multiply the mass of a dropped block by
    // exp((u_K + v_L)/ε). Far from balance (a warm start from points that moved: a Monge-gap
    // flow's 6th step) the Newton solve can trade a block error below 1 for shifts of 1e13, whose
    // dropped blocks carry absurd mass and whose potentials no longer resolve ε. So the whole
    // plan's error, kept blocks plus twice the dropped blocks' bound, must halve too.
    DroppedBounds d;
    if (o_.truncate) d = dropped_bounds(p.kept, *p.X, *p.Y, f, g, p.a, p.b, eps, p.delta);
    if (!(c.error_after + 2 * d.mass < 0.5 * c.error_before)) return;
    ++r_.coarse_corrections;
    r_.f.swap(f);
    r_.g.swap(g);
    if (!d.within) refit_mask(eps);  // some dropped block now exceeds δ·A_K·B_L
  }

  // A cloud against itself (the debiasing terms of the divergence): the plan is symmetric with
  // f = g, and the averaged update f ← ½(f + softmin(f)) (Feydy et al. 2019, GeomLoss) needs one
  // pass per iteration instead of two. Its error, that of the current f, comes with the pass:
  // rows and columns alike carry a_i exp((f_i − softmin_i)/ε).
  template <class After>
  int symmetric_stage(double eps, double tol, int budget, bool single, After&& after) {
    const BlockPlan& p = *plan_;
    Eigen::VectorXd fs;
    int it = 0;
    while (it < budget) {
      report_progress(static_cast<double>(it) / budget, "Sinkhorn iterations (of the cap)");  // may throw Cancelled (base/progress.hpp)
      rows_.softmin(p.kept.by_rows(), r_.f, r_.f, eps, single, fs, &r_.kernel_entries);
      ++it;
      double e = 0;
      for (int i = 0; i < p.X->n; ++i)
        if (p.a[i] > 0) e += 2 * p.a[i] * std::abs(std::exp((r_.f[i] - fs[i]) / eps) - 1.0);
      if (!std::isfinite(e)) throw SolverError("Sinkhorn diverged (non-finite potentials) at eps = " + std::to_string(eps));
      r_.marginal_error = e;
      if (report_) report_->record(r_.iterations + it, eps, e);
      if (e <= tol) break;
      r_.f = 0.5 * (r_.f + fs);
      r_.g = r_.f;
      after(it);
    }
    return it;
  }

  // ⟨P, C⟩, the objective and the L1 marginal error over the kept blocks, plus the bounds of the
  // dropped ones (docs in sinkhorn.hpp, SinkhornResult). `single`: float lanes summed in double
  // (relative error ~1e-7 per row: for tol ≥ kSingleExpTol), else double.
  void summary(bool single) {
    const BlockPlan& p = *plan_;
    const double eps = o_.eps;
    BlockSide::Moments m;
    rows_.moments(p.kept.by_rows(), r_.f, r_.g, eps, single, true, false, m);
    r_.kernel_entries += p.kept.kept_entries;
    double cost = 0, pot = 0, mass = 0, err = 0;
    for (int i = 0; i < p.X->n; ++i) {
      const double rm = p.a[i] * m.mass[i];
      cost += p.a[i] * m.cost[i];
      pot += p.a[i] * (r_.f[i] * m.mass[i] + m.gsum[i]);
      mass += rm;
      err += std::abs(rm - p.a[i]);
    }
    if (symmetric_) {  // f = g: the columns' masses are the rows'
      err *= 2;
    } else {
      Eigen::VectorXd gs;
      cols_.softmin(p.kept.by_cols(), r_.f, r_.g, eps, single, gs, &r_.kernel_entries);
      for (int j = 0; j < p.Y->n; ++j)
        if (p.b[j] > 0) err += std::abs(p.b[j] * std::exp((r_.g[j] - gs[j]) / eps) - p.b[j]);
    }
    r_.cost = cost;
    r_.objective = pot + eps * (1.0 - mass);
    r_.dropped_mass = r_.dropped_cost = r_.objective_bound = 0;
    if (o_.truncate) {
      const DroppedBounds d = dropped_bounds(p.kept, *p.X, *p.Y, r_.f, r_.g, p.a, p.b, eps, p.delta);
      r_.dropped_mass = d.mass;
      r_.dropped_cost = d.cost;
      // The dropped entries add Σ P (f + g − ε) to the objective: at most Σ P C (f + g ≤ C there),
      // at least −D (‖f‖∞ + ‖g‖∞ + ε).
      r_.objective_bound =
          std::max(d.cost, d.mass * (r_.f.lpNorm<Eigen::Infinity>() + r_.g.lpNorm<Eigen::Infinity>() + eps));
      err += 2 * d.mass;
    }
    r_.marginal_error = err;
    plan_->row_mass = std::move(m.mass);
    plan_->images = std::move(m.images);
  }

  std::shared_ptr<BlockPlan> plan_;
  const SinkhornOptions& o_;
  const BlockSide rows_, cols_;  // X against Y (weights b), Y against X (weights a)
  const bool symmetric_;         // Y is X with the same weights
  SinkhornResult r_;
  IterationLog log_;
  const IterationLog* report_ = nullptr;  // &log_, or null when nothing listens (history, hook)
};

}  // namespace

bool blocked_applies(const Points& X, const SinkhornOptions& o) {
  return o.cost == GroundCost::SquaredEuclidean && X.cols() >= 1 && X.cols() <= 3 && o.method == EntropicMethod::Sinkhorn;
}

// Measured (docs/entropic.md, "Memory modes"): where the tiled mode runs float lanes (tol ≥ 1e-5)
// it beat the stored kernel at every size and ε tried, from 300 to 3000 points (2-8x on the
// divergence at ε = 0.01), by truncation, the symmetric debiasing iteration and the multiscale
// start; at tighter tolerances its double lanes cost about 2.5 times as much, and the dense
// mode (a float kernel down to 1e-7) wins where truncation keeps most blocks.
bool prefer_dense(const Points& X, const Points& Y, const SinkhornOptions& o) {
  if (!dense_fits(X.rows(), Y.rows(), o)) return false;
  return !blocked_applies(X, o) || o.tol < kSingleExpTol;
}

double fingerprint(const Points& P) {
  double s = static_cast<double>(P.rows()) + 1e3 * static_cast<double>(P.cols());
  for (int i = 0; i < P.rows(); ++i)
    for (int k = 0; k < P.cols(); ++k) s += (1.0 + (i % 7) + 0.1 * k) * P(i, k);
  return s;
}

namespace {

std::shared_ptr<BlockPlan> make_plan(const Points& X, const Eigen::VectorXd& a, const Points& Y, const Eigen::VectorXd& b,
                                     const SinkhornOptions& o, bool same_cloud) {
  auto plan = std::make_shared<BlockPlan>();
  plan->a = a;
  plan->b = b;
  plan->delta = o.truncate ? truncation_delta(o) : 0;
  auto cx = std::make_shared<ClusteredCloud>(cluster_cloud(X, a, choose_cell(X, o.eps)));
  plan->X = cx;
  plan->Y = same_cloud ? cx : std::make_shared<ClusteredCloud>(cluster_cloud(Y, b, choose_cell(Y, o.eps)));
  plan->print_x = fingerprint(X);
  plan->print_y = same_cloud ? plan->print_x : fingerprint(Y);
  return plan;
}

}  // namespace

SinkhornResult solve_blocked(const Points& X, const Eigen::VectorXd& a, const Points& Y, const Eigen::VectorXd& b,
                             const SinkhornOptions& o, const SinkhornResult* warm, double cmax, bool same_cloud) {
  check_options(o);
  return BlockSolver(make_plan(X, a, Y, b, o, same_cloud), o).run(warm, cmax);
}

void blocked_plan_rows(const Points& X, const Eigen::VectorXd& a, const Points& Y, const Eigen::VectorXd& b,
                       const SinkhornResult& r, const SinkhornOptions& o, bool images, bool argmax,
                       BlockSide::Moments& out) {
  std::shared_ptr<const BlockPlan> plan = r.blocks;
  if (!plan || plan->X->n != X.rows() || plan->Y->n != Y.rows() || plan->print_x != fingerprint(X) ||
      plan->print_y != fingerprint(Y)) {
    SinkhornOptions po = o;
    po.eps = r.eps > 0 ? r.eps : o.eps;
    auto fresh = make_plan(X, a, Y, b, po, &X == &Y && a == b);
    DroppedBounds bounds;
    fresh->kept = po.truncate ? truncated_blocks(*fresh->X, *fresh->Y, r.f, r.g, a, b, po.eps, fresh->delta, bounds)
                              : all_blocks(*fresh->X, *fresh->Y);
    plan = fresh;
  } else if (!argmax && plan->images.rows() == X.rows()) {  // the solve's summary has them
    out.mass = plan->row_mass;
    if (images) out.images = plan->images;
    return;
  }
  BlockSide(*plan->X, *plan->Y, plan->b).moments(plan->kept.by_rows(), r.f, r.g, r.eps > 0 ? r.eps : o.eps, false,
                                                 images, argmax, out);
}

}  // namespace monge::entropic

namespace monge {
const char* entropic_simd_name() { return entropic::kernel_table().name; }
}  // namespace monge
