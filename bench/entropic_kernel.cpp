// Kernel entries per second of the online mode's passes, against the exp bound of
// bench/exp_throughput.cpp (Google Benchmark). bench/entropic_scale.py runs both and prints ratios.
//   SoftminPass/n/single/isa   one Sinkhorn half-step f_i = −ε log Σ_j b_j exp((g_j − |x_i − y_j|²)/ε)
//                              over all n × n entries (no truncation), n points uniform in [0,1]^2,
//                              ε = 0.01, the clusters the solver would use; single = 1 float lanes,
//                              0 double; isa 0/1/2 = sse2/avx2/avx512 (skipped where absent).
//   MomentsPass/n              the plan moments in double (the summary and gradient pass).
// Counters: entries_per_cpu_s (entries per second of CPU time, all threads: divide by nothing,
// it is per core) and entries_per_s (wall time; on a shared machine it includes time other
// processes held the cores).
#include <benchmark/benchmark.h>

#include <ctime>

#include "solvers/common/random.hpp"
#include "solvers/entropic/block_engine.hpp"

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

}  // namespace

BENCHMARK_MAIN();
