// Entropic OT timings (Google Benchmark). bench/sinkhorn_vs_pot.py runs the POT side of the
// 2000 x 2000 case in the same run and prints ratios.
//   Sinkhorn2000      2000 x 2000 uniform points in [0,1]^2, eps = 0.05, tol 1e-6, dense mode
//   Online/N          N x N in the online mode (O(N+M) memory; the tiled kernels), eps = 0.05,
//                     tol 1e-3, to convergence; reports iterations/s. --benchmark_filter=Online/100000
//                     runs the 100k case alone
//   RandomAssignment  n x n, C uniform in [0,1], eta = 1200, tol 1e-9: SNS vs Sinkhorn iterations
//                     and time (n = 500, the paper's case; Sinkhorn over-relaxed and plain)
// Kernel entries per second of the online mode's tiled passes (bench/entropic_scale.py runs
// KernelVsBound and prints the ratio to the exp bound of bench/exp_throughput.cpp):
//   SoftminPass/n/single/isa   one Sinkhorn half-step f_i = −ε log Σ_j b_j exp((g_j − |x_i − y_j|²)/ε)
//                              over all n × n entries (no truncation), n points uniform in [0,1]^2,
//                              ε = 0.01, the clusters the solver would use; single = 1 float lanes,
//                              0 double; isa 0/1/2 = sse2/avx2/avx512 (skipped where absent).
//   MomentsPass/n              the plan moments in double (the summary and gradient pass).
//   KernelVsBound/threads      the 10k x 10k float half-step against the exp bound, alternated 8
//                              times in one process (best of each), so that both see the same
//                              machine: the bound is Exp2Sum of bench/exp_throughput.cpp (one thread,
//                              the same exp2). Counters: bound (exps per CPU-second), kernel (kernel
//                              entries per CPU-second of all threads), ratio bound/kernel (the goal
//                              is at most 1.5), kernel_wall (entries per second of wall time).
//   Pass counters: entries_per_cpu_s (entries per second of CPU time summed over the threads:
//   per core) and entries_per_s (wall time; on a shared machine it includes time other processes
//   held the cores).
#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/entropic/block_engine.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace {

using namespace monge;
using namespace monge::entropic;

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

double cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

struct Problem {
  double eps = 0.01;  // first: the members below read it
  Points X, Y;
  Eigen::VectorXd a, b, f, g;
  ClusteredCloud CX, CY;
  KeptBlocks all;
  explicit Problem(int n)
      : X(uniform_points(n, 1)), Y(uniform_points(n, 2)), a(Eigen::VectorXd::Constant(n, 1.0 / n)), b(a),
        f(Eigen::VectorXd::Zero(n)), g(Eigen::VectorXd::Zero(n)), CX(cluster_cloud(X, a, choose_cell(X, eps))),
        CY(cluster_cloud(Y, b, choose_cell(Y, eps))), all(all_blocks(CX, CY)) {
    // A realistic prediction: the softmin itself (sums near 1, no fallback rows).
    BlockSide(CX, CY, b).softmin(all.by_rows(), g, f, eps, false, f);
  }
};

void SoftminPass(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const bool single = state.range(1) != 0;
  const KernelTable* t = available_kernel_tables()[state.range(2)];
  if (!t) {
    state.SkipWithError("instruction set not available on this CPU");
    return;
  }
  set_kernel_isa(t->name);
  static Problem* p = nullptr;
  if (!p || p->X.rows() != n) {
    delete p;
    p = new Problem(n);
  }
  const BlockSide side(p->CX, p->CY, p->b);
  Eigen::VectorXd out;
  long long entries = 0;
  const double c0 = cpu_seconds();
  for (auto _ : state) side.softmin(p->all.by_rows(), p->g, p->f, p->eps, single, out, &entries);
  const double cpu = cpu_seconds() - c0;
  set_kernel_isa("");
  state.SetLabel(std::string(t->name) + (single ? " float" : " double"));
  state.counters["entries_per_cpu_s"] = entries / cpu;
  state.counters["entries_per_s"] = benchmark::Counter(static_cast<double>(entries), benchmark::Counter::kIsRate);
  state.counters["clusters"] = p->CX.clusters;
}
BENCHMARK(SoftminPass)
    ->ArgsProduct({{2000, 10000}, {1, 0}, {0, 1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(0.3);

void MomentsPass(benchmark::State& state) {
  const Problem p(static_cast<int>(state.range(0)));
  const BlockSide side(p.CX, p.CY, p.b);
  BlockSide::Moments m;
  const double c0 = cpu_seconds();
  for (auto _ : state) side.moments(p.all.by_rows(), p.f, p.g, p.eps, false, true, false, m);
  const double cpu = cpu_seconds() - c0;
  const double entries = static_cast<double>(p.X.rows()) * p.Y.rows() * state.iterations();
  state.counters["entries_per_cpu_s"] = entries / cpu;
  state.counters["entries_per_s"] = benchmark::Counter(entries, benchmark::Counter::kIsRate);
}
BENCHMARK(MomentsPass)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(0.3);

void KernelVsBound(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const int before = omp_get_max_threads();
  const Problem p(10000);
  const BlockSide side(p.CX, p.CY, p.b);
  std::vector<float> x(4096);
  for (int j = 0; j < 4096; ++j) x[j] = -30.0f * static_cast<float>((j * 2654435761u) % 4096) / 4096;
  const KernelTable& t = kernel_table();
  double bound = 0, kernel = 0, wall = 0, sink = 0;
  Eigen::VectorXd out;
  for (auto _ : state) {
    for (int round = 0; round < 8; ++round) {
      omp_set_num_threads(1);
      double c0 = cpu_seconds();
      sink += t.exp2_sum(x.data(), 4096, 2000);
      bound = std::max(bound, 4096.0 * 2000 / (cpu_seconds() - c0));
      omp_set_num_threads(threads);
      long long entries = 0;
      const auto w0 = std::chrono::steady_clock::now();
      c0 = cpu_seconds();
      side.softmin(p.all.by_rows(), p.g, p.f, p.eps, true, out, &entries);
      kernel = std::max(kernel, entries / (cpu_seconds() - c0));
      wall = std::max(wall, entries / std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
    }
  }
  omp_set_num_threads(before);
  benchmark::DoNotOptimize(sink);
  state.SetLabel(t.name);
  state.counters["bound"] = bound;
  state.counters["kernel"] = kernel;
  state.counters["ratio"] = bound / kernel;
  state.counters["kernel_wall"] = wall;
}
BENCHMARK(KernelVsBound)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
