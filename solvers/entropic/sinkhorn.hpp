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
namespace entropic {
struct BlockPlan;  // block_solver.hpp
}

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
  // Bytes the dense mode's stored kernel may take (Auto memory picks it only within this);
  // −1: kDenseMemoryFraction of the memory available when the solve starts.
  double dense_memory = -1;
  // Online mode on CPU threads for |x−y|² in d ≤ 3 (the tiled kernels, block_solver.cpp):
  bool truncate = true;        // kernel truncation: skip the blocks of clusters whose plan mass is
                               // provably ≤ truncation_mass × their clusters' masses
  double truncation_mass = -1; // δ above; −1: tol/20 (at most 1e-4)
  bool multiscale = true;      // cold starts solve the ε stages above the cluster scale on the
                               // clusters' centroids, then extrapolate (GeomLoss's multiscale)
  bool coarse_correction = true;  // two-level Sinkhorn: balance the plan's mass between clusters
                               // exactly (Newton on the block graph) at each stage's start and
                               // every 10 iterations (coarse_correction.hpp)
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

  // The tiled online mode (blocked = true; docs/entropic.md): the clusters of X and Y, the kernel
  // entries evaluated by all passes of the solve (kernel_entries) and by one pass of the final
  // mask over N·M (kept_fraction), the coarse (centroid) iterations of a multiscale start (not in
  // `iterations`), and rigorous upper bounds of what the blocks outside the final mask carry under
  // the returned potentials: plan mass (dropped_mass, included twice in marginal_error) and
  // ⟨P, C⟩ (dropped_cost); cost and objective are those of the kept blocks, within dropped_cost
  // and objective_bound of the full plan's.
  bool blocked = false;
  int clusters_x = 0, clusters_y = 0, coarse_iterations = 0, coarse_corrections = 0;
  long long kernel_entries = 0;
  double kept_fraction = 1, dropped_mass = 0, dropped_cost = 0, objective_bound = 0;
  // The clusters and final mask, for the plan passes after the solve (divergence gradient, plan
  // view); null outside the tiled mode.
  std::shared_ptr<const entropic::BlockPlan> blocks;
};

// Entropic OT between X (N by d, weights a: N, empty = uniform) and Y (M by d, weights b).
// `warm`: potentials of a previous solve of the same sizes (skips ε-scaling), or nullptr.
// Throws InputError for bad sizes, weights or options.
SinkhornResult solve_entropic(const Points& X, const Weights& a, const Points& Y, const Weights& b,
                              const SinkhornOptions& options, const SinkhornResult* warm = nullptr);

// Same on an explicit N by M cost matrix C with probability vectors a (N) and b (M).
SinkhornResult solve_entropic_dense(const Eigen::MatrixXd& C, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                    const SinkhornOptions& options, const SinkhornResult* warm = nullptr);

// The dense mode's memory: SinkhornOptions::dense_memory if ≥ 0, else this fraction of the memory
// available now (MemAvailable on Linux).
constexpr double kDenseMemoryFraction = 0.5;
double dense_memory_budget(const SinkhornOptions& options);
// Whether the dense mode's stored kernel for n by m points fits that budget (float entries for
// tol ≥ 1e-7, double below).
bool dense_fits(long long n, long long m, const SinkhornOptions& options);

// The instruction set of the tiled online kernels on this CPU ("avx512", "avx2" or "sse2").
const char* entropic_simd_name();

// Normalised probability vector from optional weights (empty: uniform 1/n); InputError naming `what`.
Eigen::VectorXd probability_vector(const Weights& w, int n, const std::string& what);

}  // namespace monge
