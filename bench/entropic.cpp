// Entropic OT timings (Google Benchmark). bench/sinkhorn_vs_pot.py runs the POT side of the
// 2000 x 2000 case in the same run and prints ratios.
//   Sinkhorn2000      2000 x 2000 uniform points in [0,1]^2, eps = 0.05, tol 1e-6, dense mode
//   Online/N          N x N in the online mode (O(N+M) memory), eps = 0.05, 20 iterations cap:
//                     reports iterations/s; run with N = 100000 via --benchmark_filter=Online/100000
//   RandomAssignment  n x n, C uniform in [0,1], eta = 1200, tol 1e-9: SNS vs Sinkhorn iterations
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
  o.tol = 1e-6;
  o.max_iter = 20;
  o.eps_scaling = false;
  o.memory = MemoryMode::Online;
  SinkhornResult r;
  for (auto _ : state) r = solve_entropic(X, {}, Y, {}, o);
  state.counters["iterations"] = r.iterations;
  state.counters["iterations_per_s"] = benchmark::Counter(r.iterations, benchmark::Counter::kIsRate);
  state.counters["marginal_error"] = r.marginal_error;
}
BENCHMARK(Online)->Arg(10000)->Arg(100000)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void RandomAssignment(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const bool sns = state.range(1) != 0;
  CounterRng rng(3, 0);
  Eigen::MatrixXd C(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) C(i, j) = rng.uniform(static_cast<std::uint64_t>(i) * n + j);
  const Eigen::VectorXd a = Eigen::VectorXd::Constant(n, 1.0 / n);
  SinkhornOptions o;
  o.eps = 1.0 / 1200;
  o.tol = 1e-9;
  o.max_iter = 60000;
  o.eps_scaling = false;
  o.method = sns ? EntropicMethod::SinkhornNewtonSparse : EntropicMethod::Sinkhorn;
  o.sns_warmup = 500;
  o.sns_density = 0.05;
  SinkhornResult r;
  for (auto _ : state) r = solve_entropic_dense(C, a, a, o);
  state.counters["iterations"] = r.iterations;
  state.counters["marginal_error"] = r.marginal_error;
}
BENCHMARK(RandomAssignment)->Args({100, 0})->Args({100, 1})->Args({500, 0})->Args({500, 1})
    ->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
