#pragma once
// Internal to solvers/entropic: one ε stage of log-domain Sinkhorn, over-relaxed, whatever computes
// the half-steps (the cost rows of softmin.cpp, a runner, or the tiled kernels of block_engine.hpp).
#include <cmath>
#include <string>

#include <Eigen/Core>

#include "base/errors.hpp"
#include "base/progress.hpp"
#include "solvers/entropic/relaxation.hpp"
#include "solvers/entropic/scaling_sinkhorn.hpp"

namespace monge::entropic {

// Iterates f ← (1 − ω) f + ω softmin_rows(g), g ← (1 − ω) g + ω softmin_cols(f) (relaxation.hpp)
// until the L1 marginal error of (new f, current g) is ≤ tol or `budget` iterations are spent.
// The error comes for free: its rows carry a_i exp((f_i − f_sinkhorn_i)/ε) (exact when ω = 1), its
// columns b_j exp((g_j − g_sinkhorn_j)/ε). f, g: the potentials (N, M), updated in place; err: the
// last error. rows(g, f, fs): fs = the row softmin of g, f its prediction (the previous f);
// cols(f, g, gs) likewise. after(it) runs after every iteration that did not stop the stage (it
// counted from 1), e.g. to refresh a truncation mask; a refresh moves the fixed point by less than
// the tolerance, which the relaxation tolerates. log (may be null) records (first + it, eps, err):
// the history and the caller's hook, which may stop the solve (Cancelled).
// Returns the iterations done.
template <class Rows, class Cols, class After>
int log_domain_stage(Rows&& rows, Cols&& cols, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps,
                     double tol, int budget, bool overrelax, Eigen::VectorXd& f, Eigen::VectorXd& g, double& err,
                     const IterationLog* log, int first, After&& after) {
  Eigen::VectorXd fs, gs;
  Relaxation relax(overrelax);
  int it = 0;
  while (it < budget) {
    report_progress(static_cast<double>(it) / budget, "Sinkhorn iterations (of the cap)");  // may throw Cancelled (base/progress.hpp)
    const double omega = relax.omega();
    rows(g, f, fs);
    double e = 0;
    if (omega == 1.0) {
      f = fs;
    } else {
      const Eigen::VectorXd fnew = (1.0 - omega) * f + omega * fs;
      for (int i = 0; i < a.size(); ++i)
        if (a[i] > 0) e += a[i] * std::abs(std::exp((fnew[i] - fs[i]) / eps) - 1.0);
      f = fnew;
    }
    cols(f, g, gs);
    ++it;
    for (int j = 0; j < b.size(); ++j)
      if (b[j] > 0) e += b[j] * std::abs(std::exp((g[j] - gs[j]) / eps) - 1.0);
    if (!std::isfinite(e)) throw SolverError("Sinkhorn diverged (non-finite potentials) at eps = " + std::to_string(eps));
    err = e;
    if (log) log->record(first + it, eps, e);
    if (e <= tol) break;
    g = omega == 1.0 ? gs : Eigen::VectorXd((1.0 - omega) * g + omega * gs);
    relax.observe(e);
    after(it);
  }
  return it;
}

}  // namespace monge::entropic
