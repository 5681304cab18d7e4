// Entropic OT timings (Google Benchmark). bench/sinkhorn_vs_pot.py runs the POT side of the
// 2000 x 2000 case in the same run and prints ratios.
//   Sinkhorn2000      2000 x 2000 uniform points in [0,1]^2, eps = 0.05, tol 1e-6, dense mode
//   Online/N          N x N in the online mode (O(N+M) memory), eps = 0.05, tol 1e-3, to
//                     convergence; reports iterations/s. The 100k case takes minutes (figures in
//                     docs/entropic.md); --benchmark_filter=Online/100000 runs it alone
//   RandomAssignment  n x n, C uniform in [0,1], eta = 1200, tol 1e-9: SNS vs Sinkhorn iterations
//                     and time (n = 500, the paper's case; Sinkhorn over-relaxed and plain)
#include <benchmark/benchmark.h>

#include "solvers/common/random.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace {

using namespace monge;

Points uniform_points(int n, std::uint64_t stream) {
  CounterRng rng(1, stream);
  Points P(n, 2);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < 2; ++k) P(i, k) = rng.uniform(2 * static_cast<std::uint64_t>(i) + k);
  return P;
}

void Sinkhorn2000(benchmark::State& state) {
  const Points X = uniform_points(2000, 1), Y = uniform_points(2000, 2);
  SinkhornOptions o;
  o.eps = 0.05;
  o.tol = 1e-6;
  SinkhornResult r;
  for (auto _ : state) r = solve_entropic(X, {}, Y, {}, o);
  state.counters["iterations"] = r.iterations;
  state.counters["marginal_error"] = r.marginal_error;
  state.counters["cost"] = r.cost;
}
BENCHMARK(Sinkhorn2000)->Unit(benchmark::kMillisecond)->Iterations(1);

void Online(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Points X = uniform_points(n, 1), Y = uniform_points(n, 2);
  SinkhornOptions o;
  o.eps = 0.05;
  o.tol = 1e-3;
  o.max_iter = 1000;
  o.memory = MemoryMode::Online;
  SinkhornResult r;
  for (auto _ : state) r = solve_entropic(X, {}, Y, {}, o);
  state.counters["iterations"] = r.iterations;
  state.counters["iterations_per_s"] = benchmark::Counter(r.iterations, benchmark::Counter::kIsRate);
  state.counters["marginal_error"] = r.marginal_error;
  state.counters["cost"] = r.cost;
}
BENCHMARK(Online)->Arg(10000)->Arg(100000)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

// range(1): 0 Sinkhorn (over-relaxed), 1 SNS, 2 plain Sinkhorn (omega = 1, as in the paper).
void RandomAssignment(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int method = static_cast<int>(state.range(1));
  CounterRng rng(3, 0);
  Eigen::MatrixXd C(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) C(i, j) = rng.uniform(static_cast<std::uint64_t>(i) * n + j);
  const Eigen::VectorXd a = Eigen::VectorXd::Constant(n, 1.0 / n);
  SinkhornOptions o;
  o.eps = 1.0 / 1200;
  o.tol = 1e-9;
  o.max_iter = 200000;
  o.eps_scaling = false;
  o.method = method == 1 ? EntropicMethod::SinkhornNewtonSparse : EntropicMethod::Sinkhorn;
  o.overrelax = method != 2;
  o.sns_warmup = 20;
  SinkhornResult r;
  for (auto _ : state) r = solve_entropic_dense(C, a, a, o);
  state.counters["iterations"] = r.iterations;
  state.counters["marginal_error"] = r.marginal_error;
  state.counters["cost"] = r.cost;
}
BENCHMARK(RandomAssignment)->Args({500, 0})->Args({500, 1})->Args({500, 2})
    ->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
