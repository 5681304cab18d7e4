#pragma once
// The sliced-Wasserstein engine: SW_p (p = 1, 2) between weighted or uniform point clouds in any
// dimension, N != M allowed, with its gradient with respect to the source positions.
//
// Convention (as POT's ot.sliced_wasserstein_distance):
//   SW_p^p(mu, nu) = E_{theta ~ U(S^{d-1})} W_p^p(theta#mu, theta#nu),   SW_p = (SW_p^p)^(1/p).
// Each 1D W_p^p is exact: the two projected clouds are radix-sorted and their quantile functions
// merged (sliced_math.hpp). With d = 1 there is one direction and the result is the exact W_p.
//
// Estimators of SW_p^p from L directions theta_l with costs W_l = W_p^p(theta_l#mu, theta_l#nu):
//   plain  Z = mean_l W_l, standard error sd(W) / sqrt(L).
//   lcv    control variate G(theta) = (theta^T dm)^2, E G = |dm|^2 / d            (Nguyen & Ho 2023)
//   ucv    G(theta) = (theta^T dm)^2 + theta^T Sx theta + theta^T Sy theta,
//          E G = (|dm|^2 + tr Sx + tr Sy) / d
//          with dm = m_x - m_y and Sx, Sy the weighted means and covariances (1/n normalisation)
//          of the two clouds: G is SW_2^2 between Gaussian fits, a lower / upper bound of it.
//          Z = mean W - alpha (mean G - E G), alpha = cov(W, G) / var(G) (sample moments);
//          standard error sd(W - alpha G) / sqrt(L). Valid for p = 1 too (any G with a known
//          mean is a control variate; it helps less there).
// The reported SW_p is max(Z, 0)^(1/p); its standard error follows by the delta method,
// se(Z) / (p Z^{(p-1)/p}). With L = 1 the standard error is reported as 0 (not estimable).
//
// Direction schemes: see directions.hpp. The two data-dependent ones:
//   max  Max-SW = max_theta W_p(theta#mu, theta#nu). The `projections` Monte Carlo directions of
//        the same seed are evaluated; the best `max_restarts` of them start projected gradient
//        ascents on the sphere (sort held fixed per step, normalised gradient, angular step
//        0.5 / sqrt(1 + t)), `max_iterations` steps each. The reported value is the best W_p seen,
//        so it is never below the Monte Carlo estimate with the same seed. One direction; standard
//        error 0.
//   vmf  v-DSW (arXiv 2301.04791) = max_eps (E_{theta ~ vMF(eps, kappa)} W_p^p)^(1/p). eps starts
//        at the best of `projections` Monte Carlo directions and follows `vmf_iterations` ascent
//        steps along the mean theta-gradient of `vmf_batch` vMF samples (projected on the tangent
//        plane at eps: the exact gradient as kappa grows large); then `projections` fresh vMF samples
//        give the estimate and its standard error.
//   Control variates assume theta uniform on the sphere: lcv / ucv are accepted with mc,
//   orthogonal and qmc only (InputError otherwise).
//
// Gradient: d(Z)/dX, the gradient of the SW_p^p estimate (not of its root), N by d. For lcv / ucv
// alpha is held fixed (as in Nguyen & Ho), so it is the gradient of W-bar - alpha (G-bar - E G).
//
// Threads: OpenMP over directions. Every result is the same bit for bit at any thread count:
// each direction's cost is computed alone, and the gradient is summed in an order fixed by L and
// N*d only. The L directions fall into B = min(L, 16) blocks of consecutive directions (fewer
// when 16 partial gradients of N*d floats would pass 1 GiB); each block sums its directions in
// order into its own partial gradient, the blocks run on any threads, and the partials are added
// in block order (gradient_fold.hpp: as soon as they can be, so that few buffers live at low
// thread counts). Up to B threads share the gradient work. Workspaces only grow, so repeated
// calls with the same sizes (a flow) allocate no buffers. The work of one direction is in
// direction_cost.hpp, its sort in projection_sort.hpp.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/sliced/direction_cost.hpp"
#include "solvers/sliced/directions.hpp"
#include "solvers/sliced/gradient_fold.hpp"
#include "solvers/sliced/projection_runner.hpp"

namespace monge {

enum class Estimator { Plain, LowerCV, UpperCV };
// "plain", "lcv", "ucv".
const char* estimator_name(Estimator estimator);
// Throws InputError("<what>: expected one of plain, lcv, ucv, got '...'").
Estimator parse_estimator(const std::string& name, const std::string& what);

struct SlicedOptions {
  int p = 2;                                                  // 1 or 2
  int projections = 100;                                      // L directions (>= 1)
  DirectionScheme directions = DirectionScheme::MonteCarlo;
  Estimator estimator = Estimator::Plain;
  double kappa = 50.0;                                        // vMF concentration (vmf only)
  int max_restarts = 4;                                       // Max-SW ascents (max only)
  int max_iterations = 50;                                    // steps per ascent (max only)
  int vmf_iterations = 20;                                    // location ascent steps (vmf only)
  int vmf_batch = 8;                                          // vMF samples per ascent step
  std::uint64_t seed = 0;                                     // the random draws are a function
  std::uint64_t stream = 0;                                   // of (seed, stream) only
};

struct SlicedResult {
  double value = 0.0;            // SW_p estimate (the p-th root)
  double value_pow = 0.0;        // estimate of SW_p^p
  double std_error = 0.0;        // standard error of value
  double std_error_pow = 0.0;    // standard error of value_pow
  double plain_pow = 0.0;        // mean of the L projected costs (= value_pow for plain)
  double cv_alpha = 0.0;         // control-variate coefficient (0 for plain)
  int projections = 0;           // directions in the final estimate
};

// Bytes evaluate() allocates for N source and M target points in d dimensions with `threads`
// OpenMP threads (an upper estimate): the L x d directions (twice for max and vmf), per-direction
// costs, each thread's sort workspace, the gradient accumulators and the control variates'
// double copies of the directions. evaluate() refuses (InputError naming "projections") work
// that needs more than the machine's memory (base/memory.hpp), instead of std::bad_alloc.
double sliced_memory_bytes(long long n, long long m, long long d, const SlicedOptions& options, bool gradient,
                           int threads);

class SlicedWasserstein {
 public:
  // SW_p between mu = (X, wx) and nu = (Y, wy).
  //   X  N by d source positions, wx  N weights or empty (uniform)
  //   Y  M by d target positions, wy  M weights or empty (uniform)
  //   grad  if not null: resized to N by d and filled with d(value_pow)/dX
  // Throws InputError for mismatched dimensions or weight counts, empty clouds, negative or
  // all-zero weights, non-finite coordinates, or bad options (the message names the parameter).
  SlicedResult evaluate(const Points& X, const Weights& wx, const Points& Y, const Weights& wy,
                        const SlicedOptions& options, Points* grad = nullptr);

  // The same with caller-given directions (theta  L by d, unit rows) and a plain or control-
  // variate estimator: used to compare with POT on identical directions.
  SlicedResult evaluate_directions(const Points& X, const Weights& wx, const Points& Y, const Weights& wy,
                                   const Points& theta, int p, Estimator estimator, Points* grad = nullptr);

  // Run the projections on `runner` (e.g. the GPU) from the next call on; nullptr: CPU threads.
  // Max-SW and v-DSW ascents stay on the CPU; their candidate pools and final estimates use it.
  void set_runner(std::shared_ptr<ProjectionRunner> runner) { runner_ = std::move(runner); }
  const std::shared_ptr<ProjectionRunner>& runner() const { return runner_; }
  // Promise that calls with this nonzero id have the same target (Y, wy), so a runner may keep it
  // between calls (a flow's fixed target); 0 (the default) promises nothing.
  void set_target_id(std::uint64_t id) { target_id_ = id; }
  // Polled by the calling thread between directions on the CPU threads (a runner's batch is not
  // interrupted): returning true abandons the call, which then throws Cancelled (base/errors.hpp).
  // Ctrl-C in the Python module; empty (the default): never polled.
  void set_stop_check(std::function<bool()> stop) { stop_ = std::move(stop); }

  // Directions of the last call (L by d; for max, the maximising direction).
  const Points& directions() const { return theta_; }
  // W_p^p along each of them.
  const std::vector<double>& projected_costs() const { return costs_; }

 private:
  void prepare(const Points& X, const Weights& wx, const Points& Y, const Weights& wy, int p);
  void choose_directions(const Points& X, const SlicedOptions& options);
  // Projects, sorts and matches along the rows of theta_; fills costs_; with grad, also the
  // gradient of mean_l W_l (N by d).
  void run_projections(const Points& X, Points* grad);
  // W_p^p along theta on thread workspace t (direction_cost.hpp).
  double one_direction(const float* theta, DirectionWorkspace& t, float* theta_grad) {
    return direction_cost(problem_, theta, t, nullptr, Accumulate::Add, theta_grad);
  }
  // True when the directions left should be skipped: `stopped` is set, or the stop check (polled
  // by thread 0, the caller's) says so now and sets it.
  bool stopping(std::atomic<bool>& stopped, int done, int total) const;
  // Costs of the rows of pool_ into pool_costs_.
  void evaluate_pool();
  void ascend_max(const Points& X, const SlicedOptions& options);
  void ascend_vmf(const Points& X, const SlicedOptions& options);
  SlicedResult finish(const Points& X, const Points& Y, int p, Estimator estimator, Points* grad);

  std::shared_ptr<ProjectionRunner> runner_;
  std::function<bool()> stop_;
  std::uint64_t target_id_ = 0;
  SlicedProblem problem_;         // the clouds, weights and bounds of the current call
  Points theta_;                  // L by d
  std::vector<double> costs_;     // L
  std::vector<double> wx_, wy_;   // normalised weights (empty: uniform)
  std::vector<DirectionWorkspace> threads_;
  GradientFold fold_;              // the gradient's block partials, summed in block order
  Points pool_;                   // candidate directions of max / vmf, and their costs
  std::vector<double> pool_costs_;
  Points batch_, batch_grad_;     // vmf ascent samples and their theta-gradients
  Points ascent_, ascent_best_;   // max: current and best direction of each restart
  std::vector<double> ascent_cost_;
  std::vector<int> ranking_;      // max: candidate indices by cost
  std::vector<double> residual_, control_;  // L: estimator residuals and control variates
};

}  // namespace monge
