#include "solvers/sliced/sliced_wasserstein.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

#include "base/errors.hpp"
#include "solvers/common/ordered_sum.hpp"
#include "base/memory.hpp"
#include "base/progress.hpp"
#include "solvers/common/random.hpp"

namespace monge {

namespace {

// Independent random streams for the engine's different draws, derived from the caller's stream.
enum Purpose : std::uint64_t { kDirections = 1, kVmfFinal = 2, kVmfAscent = 3 };
std::uint64_t sub_stream(std::uint64_t stream, std::uint64_t purpose, std::uint64_t iteration = 0) {
  return mix64(mix64(stream) ^ (purpose * 0x9E3779B97F4A7C15ull) ^ mix64(iteration + 0x5851F42D4C957F2Dull));
}

void check_weights(const Weights& w, int n, const char* name, const char* points, std::vector<double>& out) {
  out.clear();
  if (w.size() == 0) return;
  if (w.size() != n)
    throw InputError(std::string(name) + ": " + std::to_string(w.size()) + " weights for " + std::to_string(n) +
                     " points of " + points);
  double total = 0;
  for (int i = 0; i < n; ++i) {
    if (!(w[i] >= 0) || !std::isfinite(w[i]))
      throw InputError(std::string(name) + ": weight " + std::to_string(i) + " is " + std::to_string(w[i]) +
                       " (expected finite and non-negative)");
    total += w[i];
  }
  if (!(total > 0)) throw InputError(std::string(name) + ": the weights sum to zero");
  out.resize(n);
  for (int i = 0; i < n; ++i) out[i] = w[i] / total;
}

void check_points(const Points& P, const char* name) {
  if (P.rows() == 0) throw InputError(std::string(name) + ": no points");
  if (P.rows() > 0xFFFFFFFFll) throw InputError(std::string(name) + ": too many points");
  if (!P.allFinite())
    for (Eigen::Index i = 0; i < P.rows(); ++i)
      if (!P.row(i).allFinite())
        throw InputError(std::string(name) + ": point " + std::to_string(i) + " has a non-finite coordinate");
}

void normalize(float* v, int d) {
  double s = 0;
  for (int j = 0; j < d; ++j) s += double(v[j]) * v[j];
  if (!(s > 0)) return;
  const double inv = 1.0 / std::sqrt(s);
  for (int j = 0; j < d; ++j) v[j] = static_cast<float>(v[j] * inv);
}

// Moves unit vector theta (d) along the part of g (d) tangent to the sphere by `step` (the
// tangent of the angle turned), renormalises. Returns false if g has no tangent component.
bool sphere_step(float* theta, const float* g, int d, double step) {
  double dot = 0, norm2 = 0;
  for (int j = 0; j < d; ++j) dot += double(g[j]) * theta[j];
  for (int j = 0; j < d; ++j) {
    const double t = g[j] - dot * theta[j];
    norm2 += t * t;
  }
  if (!(norm2 > 1e-30)) return false;
  const double scale = step / std::sqrt(norm2);
  for (int j = 0; j < d; ++j) theta[j] = static_cast<float>(theta[j] + scale * (g[j] - dot * theta[j]));
  normalize(theta, d);
  return true;
}

// Blocks of consecutive directions whose partial gradients are summed separately (see the header):
// a function of L and N*d only, never of the thread count.
int gradient_blocks(int L, std::size_t nd) {
  constexpr std::size_t kMaxBytes = std::size_t(1) << 30;
  const std::size_t fit = kMaxBytes / std::max<std::size_t>(1, nd * sizeof(float));
  return static_cast<int>(std::clamp<std::size_t>(fit, 1, static_cast<std::size_t>(std::min(L, kGradientRuns))));
}

}  // namespace

const char* estimator_name(Estimator estimator) {
  switch (estimator) {
    case Estimator::Plain: return "plain";
    case Estimator::LowerCV: return "lcv";
    case Estimator::UpperCV: return "ucv";
  }
  return "?";
}

Estimator parse_estimator(const std::string& name, const std::string& what) {
  for (Estimator e : {Estimator::Plain, Estimator::LowerCV, Estimator::UpperCV})
    if (name == estimator_name(e)) return e;
  throw InputError(what + ": expected one of plain, lcv, ucv, got '" + name + "'");
}

void SlicedWasserstein::prepare(const Points& X, const Weights& wx, const Points& Y, const Weights& wy, int p) {
  if (p != 1 && p != 2) throw InputError("p: expected 1 or 2, got " + std::to_string(p));
  check_points(X, "X");
  check_points(Y, "Y");
  if (X.cols() != Y.cols())
    throw InputError("X and Y: dimension mismatch (X has " + std::to_string(X.cols()) + " columns, Y has " +
                     std::to_string(Y.cols()) + ")");
  if (X.cols() < 1) throw InputError("X and Y: points have no coordinates");
  check_weights(wx, static_cast<int>(X.rows()), "weights of X", "X", wx_);
  check_weights(wy, static_cast<int>(Y.rows()), "weights of Y", "Y", wy_);

  const std::size_t d = X.cols();
  const std::size_t T = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
  if (threads_.size() < T) threads_.resize(T);
  for (DirectionWorkspace& t : threads_)
    if (t.g.size() < d) t.g.resize(d);
  problem_.X = &X;
  problem_.Y = &Y;
  problem_.wx = &wx_;
  problem_.wy = &wy_;
  problem_.p = p;
  problem_.target_id = target_id_;
  problem_.bounds_x.compute(X);
  problem_.bounds_y.compute(Y);
}

bool SlicedWasserstein::stopping(std::atomic<bool>& stopped, int done, int total) const {
  if (stopped.load(std::memory_order_relaxed)) return true;
  // The calling thread (OpenMP's thread 0) asks both hooks: the engine's stop check (Python's
  // Ctrl-C) and the thread's installed Progress (base/progress.hpp).
  if (omp_get_thread_num() == 0) {
    if (stop_ && stop_()) stopped = true;
    if (!poll_progress(static_cast<double>(done) / std::max(total, 1), "SW projections"))
      stopped = true;
  }
  return stopped.load(std::memory_order_relaxed);
}

void SlicedWasserstein::run_projections(const Points& X, Points* grad) {
  if (runner_) {
    runner_->run(problem_, theta_, costs_, grad);
    return;
  }
  const int L = static_cast<int>(theta_.rows());
  costs_.resize(L);
  const int T = static_cast<int>(threads_.size());
  std::atomic<bool> stopped{false};
  if (!grad) {
    // A value alone: each direction on its own, a dynamic schedule copes best with a busy machine.
#pragma omp parallel for schedule(dynamic, 1) num_threads(T)
    for (int l = 0; l < L; ++l)
      if (!stopping(stopped, l, L)) costs_[l] = one_direction(&theta_(l, 0), threads_[omp_get_thread_num()], nullptr);
    if (stopped) throw Cancelled("sliced Wasserstein stopped by its caller");
    return;
  }
  const std::size_t nd = static_cast<std::size_t>(X.rows()) * X.cols();
  const int B = gradient_blocks(L, nd);
  fold_.begin(B, nd, grad->data());
#pragma omp parallel num_threads(T)
  {
    DirectionWorkspace& t = threads_[omp_get_thread_num()];
    // Block b: its run of directions in order (ordered_sum.hpp), the first overwriting the partial.
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < B; ++b) {
      float* partial = fold_.acquire(b);
      const int begin = static_cast<int>(run_begin(L, B, b)), end = static_cast<int>(run_begin(L, B, b + 1));
      // A stopped call still completes every block (the fold waits for them), but computes nothing.
      for (int l = begin; l < end; ++l)
        if (!stopping(stopped, l, L))
          costs_[l] = direction_cost(problem_, &theta_(l, 0), t, partial,
                                     l == begin ? Accumulate::Overwrite : Accumulate::Add, nullptr);
      fold_.complete(b);
    }
    // The partials in block order (gradient_fold.hpp), after the implicit barrier of the loop.
    fold_.finish(1.0f / L);
  }
  if (stopped) throw Cancelled("sliced Wasserstein stopped by its caller");
}

void SlicedWasserstein::evaluate_pool() {
  if (runner_) {
    runner_->run(problem_, pool_, pool_costs_, nullptr);
    return;
  }
  const int L = static_cast<int>(pool_.rows());
  pool_costs_.resize(L);
  std::atomic<bool> stopped{false};
#pragma omp parallel for schedule(dynamic, 1) num_threads(static_cast<int>(threads_.size()))
  for (int l = 0; l < L; ++l)
    if (!stopping(stopped, l, L)) pool_costs_[l] = one_direction(&pool_(l, 0), threads_[omp_get_thread_num()], nullptr);
  if (stopped) throw Cancelled("sliced Wasserstein stopped by its caller");
}

void SlicedWasserstein::ascend_max(const Points& X, const SlicedOptions& o) {
  const int d = static_cast<int>(X.cols());
  draw_directions(DirectionScheme::MonteCarlo, o.projections, d, CounterRng(o.seed, sub_stream(o.stream, kDirections)),
                  pool_);
  evaluate_pool();
  const int L = static_cast<int>(pool_.rows());
  const int R = std::clamp(o.max_restarts, 1, L);
  // The R best candidates start the ascents (indices sorted by cost, descending; ties by index).
  std::vector<int>& start = ranking_;
  start.resize(L);
  std::iota(start.begin(), start.end(), 0);
  std::partial_sort(start.begin(), start.begin() + R, start.end(),
                    [&](int a, int b) { return pool_costs_[a] > pool_costs_[b] || (pool_costs_[a] == pool_costs_[b] && a < b); });
  Points& best = ascent_best_;
  best.resize(R, d);
  ascent_.resize(R, d);
  std::vector<double>& best_cost = ascent_cost_;
  best_cost.resize(R);
#pragma omp parallel for schedule(static, 1) num_threads(static_cast<int>(threads_.size()))
  for (int r = 0; r < R; ++r) {
    DirectionWorkspace& t = threads_[omp_get_thread_num()];
    float* th = &ascent_(r, 0);
    ascent_.row(r) = pool_.row(start[r]);
    best.row(r) = pool_.row(start[r]);
    best_cost[r] = pool_costs_[start[r]];
    for (int it = 0; it < o.max_iterations; ++it) {
      const double c = one_direction(th, t, t.g.data());
      if (c > best_cost[r]) {
        best_cost[r] = c;
        best.row(r) = ascent_.row(r);
      }
      if (!sphere_step(th, t.g.data(), d, 0.5 / std::sqrt(1.0 + it))) break;
    }
  }
  const int winner = static_cast<int>(std::max_element(best_cost.begin(), best_cost.end()) - best_cost.begin());
  theta_.resize(1, d);
  theta_.row(0) = best.row(winner);
}

void SlicedWasserstein::ascend_vmf(const Points& X, const SlicedOptions& o) {
  const int d = static_cast<int>(X.cols());
  if (!(o.kappa > 0) || !std::isfinite(o.kappa)) throw InputError("kappa: expected a positive number, got " + std::to_string(o.kappa));
  draw_directions(DirectionScheme::MonteCarlo, o.projections, d, CounterRng(o.seed, sub_stream(o.stream, kDirections)),
                  pool_);
  evaluate_pool();
  const int best = static_cast<int>(std::max_element(pool_costs_.begin(), pool_costs_.end()) - pool_costs_.begin());
  std::vector<float> eps(pool_.row(best).data(), pool_.row(best).data() + d);
  const int B = std::max(1, o.vmf_batch);
  batch_.resize(B, d);
  batch_grad_.resize(B, d);
  for (int it = 0; it < o.vmf_iterations; ++it) {
    sample_vmf(eps.data(), o.kappa, d, o.seed, sub_stream(o.stream, kVmfAscent, it), 0, B, batch_);
#pragma omp parallel for schedule(dynamic, 1) num_threads(static_cast<int>(threads_.size()))
    for (int b = 0; b < B; ++b)
      one_direction(&batch_(b, 0), threads_[omp_get_thread_num()], &batch_grad_(b, 0));
    const Eigen::RowVectorXf g = batch_grad_.colwise().mean();
    if (!sphere_step(eps.data(), g.data(), d, 0.5 / std::sqrt(1.0 + it))) break;
  }
  theta_.resize(o.projections, d);
  sample_vmf(eps.data(), o.kappa, d, o.seed, sub_stream(o.stream, kVmfFinal), 0, o.projections, theta_);
}

void SlicedWasserstein::choose_directions(const Points& X, const SlicedOptions& o) {
  const int d = static_cast<int>(X.cols());
  if (o.projections < 1) throw InputError("projections: expected at least 1, got " + std::to_string(o.projections));
  const bool cv = o.estimator != Estimator::Plain;
  if (cv && (o.directions == DirectionScheme::MaxSliced || o.directions == DirectionScheme::VonMisesFisher))
    throw InputError(std::string("estimator: ") + estimator_name(o.estimator) +
                     " assumes directions uniform on the sphere (mc, orthogonal or qmc), not '" +
                     direction_scheme_name(o.directions) + "'");
  if (d == 1) {
    // One direction gives the exact 1D W_p.
    theta_.resize(1, 1);
    theta_(0, 0) = 1.0f;
    return;
  }
  switch (o.directions) {
    case DirectionScheme::MaxSliced:
      if (o.max_iterations < 0) throw InputError("max_iterations: expected >= 0");
      ascend_max(X, o);
      return;
    case DirectionScheme::VonMisesFisher:
      ascend_vmf(X, o);
      return;
    default:
      draw_directions(o.directions, o.projections, d, CounterRng(o.seed, sub_stream(o.stream, kDirections)), theta_);
  }
}

SlicedResult SlicedWasserstein::finish(const Points& X, const Points& Y, int p, Estimator estimator, Points* grad) {
  const int L = static_cast<int>(theta_.rows());
  const int n = static_cast<int>(X.rows()), m = static_cast<int>(Y.rows()), d = static_cast<int>(X.cols());
  if (grad) grad->resize(n, d);
  run_projections(X, grad);

  SlicedResult r;
  r.projections = L;
  double mean = 0;
  for (double c : costs_) mean += c;
  mean /= L;
  r.plain_pow = mean;
  std::vector<double>& residual = residual_;
  residual.assign(costs_.begin(), costs_.end());
  double z = mean;
  if (estimator != Estimator::Plain && L >= 2 && d >= 2) {
    // Gaussian fits of both clouds (weighted, 1/n normalisation).
    auto fit = [&](const Points& P, const std::vector<double>& w, Eigen::VectorXd& mu, Eigen::MatrixXd& S) {
      const int k = static_cast<int>(P.rows());
      mu.setZero(d);
      S.setZero(d, d);
      for (int i = 0; i < k; ++i) mu += (w.empty() ? 1.0 / k : w[i]) * P.row(i).transpose().cast<double>();
      for (int i = 0; i < k; ++i) {
        const Eigen::VectorXd c = P.row(i).transpose().cast<double>() - mu;
        S.noalias() += (w.empty() ? 1.0 / k : w[i]) * c * c.transpose();
      }
    };
    Eigen::VectorXd mx, my;
    Eigen::MatrixXd Sx, Sy;
    fit(X, wx_, mx, Sx);
    const bool upper = estimator == Estimator::UpperCV;
    if (upper) fit(Y, wy_, my, Sy);
    else {
      my.setZero(d);
      for (int i = 0; i < m; ++i) my += (wy_.empty() ? 1.0 / m : wy_[i]) * Y.row(i).transpose().cast<double>();
    }
    const Eigen::VectorXd dm = mx - my;
    const Eigen::MatrixXd S = upper ? Eigen::MatrixXd(Sx + Sy) : Eigen::MatrixXd::Zero(d, d);
    const double expected = (dm.squaredNorm() + S.trace()) / d;
    std::vector<double>& g = control_;
    g.resize(L);
    double gmean = 0;
    for (int l = 0; l < L; ++l) {
      const Eigen::VectorXd th = theta_.row(l).transpose().cast<double>();
      const double a = th.dot(dm);
      g[l] = a * a + th.dot(S * th) - expected;
      gmean += g[l];
    }
    gmean /= L;
    double cov = 0, var = 0;
    for (int l = 0; l < L; ++l) {
      cov += (costs_[l] - mean) * (g[l] - gmean);
      var += (g[l] - gmean) * (g[l] - gmean);
    }
    const double alpha = var > 1e-300 ? cov / var : 0.0;
    r.cv_alpha = alpha;
    z = mean - alpha * gmean;
    for (int l = 0; l < L; ++l) residual[l] = costs_[l] - alpha * g[l];
    if (grad && alpha != 0.0) {
      // d/dx_i of mean_l (G_l - E G) = 2 a_i M (dm [+ x_i - m_x]),  M = Theta^T Theta / L - I / d.
      const Eigen::MatrixXd M =
          (theta_.cast<double>().transpose() * theta_.cast<double>()) / L - Eigen::MatrixXd::Identity(d, d) / d;
      const Eigen::VectorXd Mdm = M * dm;
#pragma omp parallel for schedule(static)
      for (int i = 0; i < n; ++i) {
        const double ai = wx_.empty() ? 1.0 / n : wx_[i];
        Eigen::VectorXd v = Mdm;
        if (upper) v += M * (X.row(i).transpose().cast<double>() - mx);
        for (int j = 0; j < d; ++j) (*grad)(i, j) -= static_cast<float>(alpha * 2.0 * ai * v(j));
      }
    }
  }
  // Projected costs past double's range (or NaN from inf - inf): stop here, naming the quantity,
  // rather than report "inf +- nan" (or null in JSON).
  if (!std::isfinite(z))
    throw SolverError("sliced Wasserstein: SW_" + std::to_string(p) + "^" + std::to_string(p) + " is not finite (" +
                      std::to_string(z) + "): the projected costs overflowed; rescale the data");
  r.value_pow = z;
  if (L >= 2) {
    double rm = 0, ss = 0;
    for (double v : residual) rm += v;
    rm /= L;
    for (double v : residual) ss += (v - rm) * (v - rm);
    r.std_error_pow = std::sqrt(ss / (L - 1) / L);
  }
  const double zc = std::max(z, 0.0);
  r.value = p == 1 ? zc : std::sqrt(zc);
  if (p == 1) r.std_error = r.std_error_pow;
  else r.std_error = r.value > 0 ? r.std_error_pow / (2.0 * r.value) : std::sqrt(r.std_error_pow);
  return r;
}

double sliced_memory_bytes(long long n, long long m, long long d, const SlicedOptions& o, bool gradient, int threads) {
  const double L = std::max(o.projections, 1), D = static_cast<double>(d), T = std::max(threads, 1);
  const bool pooled = o.directions == DirectionScheme::MaxSliced || o.directions == DirectionScheme::VonMisesFisher;
  double bytes = (pooled ? 2 : 1) * L * D * sizeof(float);  // directions (and the candidate pool)
  bytes += 4 * L * sizeof(double);                          // costs, pool costs, residuals, control variates
  bytes += T * 80.0 * static_cast<double>(n + m);           // per thread: two radix sorters and the matched values
  if (o.directions == DirectionScheme::Orthogonal) bytes += 4 * D * D * sizeof(double);  // a Haar block and its QR
  if (gradient) bytes += (T + 1) * static_cast<double>(n) * D * sizeof(float);          // accumulators and the result
  if (gradient && o.estimator != Estimator::Plain) bytes += 2 * L * D * sizeof(double);  // Theta^T Theta in double
  return bytes;
}

SlicedResult SlicedWasserstein::evaluate(const Points& X, const Weights& wx, const Points& Y, const Weights& wy,
                                         const SlicedOptions& options, Points* grad) {
  require_memory(sliced_memory_bytes(X.rows(), Y.rows(), X.cols(), options, grad != nullptr, omp_get_max_threads()),
                 "projections: " + std::to_string(options.projections) + " directions x d = " + std::to_string(X.cols()));
  prepare(X, wx, Y, wy, options.p);
  choose_directions(X, options);
  SlicedResult r = finish(X, Y, options.p, options.estimator, grad);
  if (options.directions == DirectionScheme::MaxSliced) r.std_error = r.std_error_pow = 0.0;
  return r;
}

SlicedResult SlicedWasserstein::evaluate_directions(const Points& X, const Weights& wx, const Points& Y,
                                                    const Weights& wy, const Points& theta, int p,
                                                    Estimator estimator, Points* grad) {
  prepare(X, wx, Y, wy, p);
  if (theta.rows() < 1 || theta.cols() != X.cols())
    throw InputError("directions: expected L by " + std::to_string(X.cols()) + " unit vectors, got " +
                     std::to_string(theta.rows()) + " by " + std::to_string(theta.cols()));
  theta_ = theta;
  return finish(X, Y, p, estimator, grad);
}

}  // namespace monge
