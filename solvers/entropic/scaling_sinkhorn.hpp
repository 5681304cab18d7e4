#pragma once
// Internal to solvers/entropic: Sinkhorn in scaling form on a stored, stabilised kernel
// (Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy regularized transport
// problems"), the fast path of the dense mode. A half-iteration is then a matrix–vector product
// instead of an exp per entry, and both halves share one pass over the kernel.
#include <memory>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "solvers/entropic/cost_rows.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge::entropic {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using History = std::vector<std::pair<int, double>>;

// Where the iterations report: the convergence history (SinkhornOptions::record_history) and the
// caller's hook (SinkhornOptions::on_iteration); either may be absent. Solvers take a pointer to
// it, null when neither is wanted.
struct IterationLog {
  History* history = nullptr;
  const std::function<bool(const SinkhornProgress&)>* hook = nullptr;
  // One iteration at `eps` with L1 marginal error `error`; throws Cancelled if the hook says stop.
  void record(int iteration, double eps, double error) const;
};

// Float storage halves the memory traffic; its rounding (~6e-8 per entry) limits the exact
// marginal error it can reach to about 1e-8 (docs/entropic.md), so tighter tolerances use double.
enum class KernelPrecision { Single, Double };

struct ScalingStage {
  int iterations = 0;
  double error = 0;        // column L1 error of the returned potentials (rows exact up to rounding)
  bool underflow = false;  // a whole row or column of the kernel vanished: redo this ε in the log domain
};

// The stored kernel and per-thread column sums, kept across the ε stages of one solve so that
// each stage reuses the memory (no fresh page faults, no zero-filling of N·M entries).
struct ScalingWorkspace {
  // Kernel storage for n entries, uninitialised, float or double (one buffer, reused).
  float* single(std::size_t n) { return static_cast<float*>(reserve(n * sizeof(float))); }
  double* twice(std::size_t n) { return static_cast<double*>(reserve(n * sizeof(double))); }
  std::vector<double> columns;  // row blocks by M partial column sums

 private:
  struct Free {
    void operator()(void* p) const;
  };
  void* reserve(std::size_t bytes);
  std::unique_ptr<void, Free> kernel_;
  std::size_t bytes_ = 0;
};

// Sinkhorn at one ε with the kernel K_ij = exp((f_i + g_j − C_ij)/ε) absorbing the potentials,
// so that the plan is P = diag(a∘u) K diag(b∘v) and the updates are u = 1/(K(b∘v)),
// v = 1/(Kᵀ(a∘u)), over-relaxed if `overrelax` (relaxation.hpp). When a scaling leaves
// [1e-6, 1e6] it is absorbed into f or g and K rebuilt.
// Stops when the column error ≤ tol or after `budget` iterations.
// C  the N by M cost (stored or recomputed from positions: only read when K is rebuilt);
// a  N, b  M probability vectors; f  N, g  M updated in place; `log` (may be null) records
// (first_iteration + k, error) for every iteration k = 1, 2, ...
ScalingStage scaling_sinkhorn(const CostRows& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eps,
                              double tol, int budget, KernelPrecision precision, bool overrelax, Eigen::VectorXd& f,
                              Eigen::VectorXd& g, const IterationLog* log, int first_iteration, ScalingWorkspace& workspace);

}  // namespace monge::entropic
