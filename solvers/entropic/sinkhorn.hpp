#pragma once
// Entropic optimal transport between weighted point clouds (log-domain Sinkhorn with ε-scaling,
// and Sinkhorn–Newton–Sparse). Conventions, shared by every entry point:
//   plan     P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε), ε absolute (not relative to the cost)
//   error    ‖P1 − a‖₁ + ‖Pᵀ1 − b‖₁ (L1 marginal error of the returned potentials)
//   cost     ⟨P, C⟩;  objective  ⟨P, C⟩ + ε KL(P | a⊗b) (OT_ε of Feydy et al. 2019)
// See docs/entropic.md.
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "solvers/common/types.hpp"
#include "solvers/entropic/softmin_runner.hpp"

namespace monge {

enum class GroundCost { SquaredEuclidean, Euclidean, Power };
enum class EntropicMethod { Sinkhorn, SinkhornNewtonSparse };
enum class MemoryMode { Auto, Dense, Online };

// "sinkhorn" | "sns"; throws InputError naming `where` otherwise.
EntropicMethod parse_entropic_method(const std::string& name, const std::string& where);
const char* entropic_method_name(EntropicMethod m);

// What a solve reports after each iteration (SinkhornOptions::on_iteration).
struct SinkhornProgress {
  int iteration = 0;   // iterations so far in this solve (all ε stages and Newton steps)
  double eps = 0;      // ε of the current stage (the final ε in the last stage)
  double error = 0;    // L1 marginal error after this iteration (as in SinkhornResult::history)
};

struct SinkhornOptions {
  double eps = 0.05;           // absolute regularisation ε > 0
  GroundCost cost = GroundCost::SquaredEuclidean;
  double p = 2.0;              // exponent for GroundCost::Power
  double tol = 1e-9;           // stop when the L1 marginal error is ≤ tol
  int max_iter = 10000;        // iteration cap (all ε stages and Newton steps together)
  EntropicMethod method = EntropicMethod::Sinkhorn;
  bool eps_scaling = true;     // anneal ε from the squared diameter (max cost) down to eps
  double scaling_factor = 0.5; // ε multiplier between stages
  MemoryMode memory = MemoryMode::Auto;
  long long dense_limit = 16'000'000;  // Auto: dense (stored C) when N·M ≤ this
  int sns_warmup = 20;         // Sinkhorn iterations before the Newton phase
  double sns_density = -1;     // least kept fraction of plan entries (−1: 2/min(N, M)); more are
                               // kept until the dropped ones hold ≤ 1e-4 of the mass (sns.cpp)
  bool overrelax = true;       // adaptive over-relaxation ω ∈ [1, 2) of the Sinkhorn updates
  bool record_history = false; // keep (iteration, marginal error) of every checked iteration
  // Runs the online mode's row reductions (e.g. on the GPU, solvers/backend make_softmin_runner),
  // or null: CPU threads. With a runner, Auto memory picks the online mode for Sinkhorn (SNS and
  // an explicit Dense stay on the CPU); barycentric_images and plan_view use it too.
  std::shared_ptr<SoftminRunner> runner;
  // Called after every iteration (progress lines, Ctrl-C in the Python module); returning false
  // stops the solve, which then throws Cancelled (base/errors.hpp). Empty: nothing is called.
  std::function<bool(const SinkhornProgress&)> on_iteration;
};

struct SinkhornResult {
  Eigen::VectorXd f, g;        // N and M dual potentials
  int iterations = 0;
  double marginal_error = 0;   // L1, see above
  bool converged = false;      // marginal_error ≤ tol
  double cost = 0;             // ⟨P, C⟩
  double objective = 0;        // ⟨P, C⟩ + ε KL(P | a⊗b)
  double eps = 0;
  bool dense = true;           // memory mode used
  // (iteration, L1 marginal error) at every checked iteration, all stages and Newton steps, if
  // record_history: the convergence plot. Sinkhorn's error is that of the columns (rows exact).
  std::vector<std::pair<int, double>> history;
};

// Entropic OT between X (N by d, weights a: N, empty = uniform) and Y (M by d, weights b).
// `warm`: potentials of a previous solve of the same sizes (skips ε-scaling), or nullptr.
// Throws InputError for bad sizes, weights or options.
SinkhornResult solve_entropic(const Points& X, const Weights& a, const Points& Y, const Weights& b,
                              const SinkhornOptions& options, const SinkhornResult* warm = nullptr);

// Same on an explicit N by M cost matrix C with probability vectors a (N) and b (M).
SinkhornResult solve_entropic_dense(const Eigen::MatrixXd& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                    const SinkhornOptions& options, const SinkhornResult* warm = nullptr);

// Normalised probability vector from optional weights (empty: uniform 1/n); InputError naming `what`.
Eigen::VectorXd probability_vector(const Weights& w, int n, const std::string& what);

}  // namespace monge
