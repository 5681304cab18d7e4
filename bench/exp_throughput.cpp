// The exp bound of the online Sinkhorn kernels: how many exponentials per second one core of this
// machine computes in a tight loop (Google Benchmark, one thread).
//   Exp2Sum/<isa>   Σ 2^{x_j} over 4096 floats in [−30, 0] (16 KB, in L1), the very exp2 of the
//                   kernels (solvers/entropic/simd_vec.hpp) with four independent accumulators,
//                   for each instruction set this CPU runs (sse2, avx2, avx512). The fastest is
//                   the bound the kernels' entries per second are compared with
//                   (bench/entropic_scale.py, docs/entropic.md).
//   FastExpfLoop    the same sum with entropic::fast_expf in a plain loop the compiler vectorises
//                   (the previous online kernel's exp), for context.
//   StdExpf         std::exp on floats (libm, scalar), for context.
// Counter exps_per_s: exponentials per second of CPU time of the one thread (on a shared machine the
// wall time also counts the time other processes held the core).
// As in the entropic sources: lets GCC vectorise the clamps of fast_expf (see scaling_sinkhorn.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "solvers/entropic/block_kernel.hpp"
#include "solvers/entropic/entropic_math.hpp"
#include "solvers/entropic/simd_dispatch.hpp"

namespace {

using namespace monge::entropic;

constexpr int kN = 4096;

std::vector<float> inputs() {
  std::vector<float> x(kN);
  for (int j = 0; j < kN; ++j) x[j] = -30.0f * static_cast<float>((j * 2654435761u) % kN) / kN;
  return x;
}

void Exp2Sum(benchmark::State& state) {
  const KernelTable* t = available_kernel_tables()[state.range(0)];
  if (!t) {
    state.SkipWithError("instruction set not available on this CPU");
    return;
  }
  state.SetLabel(t->name);
  const std::vector<float> x = inputs();
  constexpr int reps = 256;
  double sink = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sink += t->exp2_sum(x.data(), kN, reps));
  state.counters["exps_per_s"] = benchmark::Counter(static_cast<double>(kN) * reps * state.iterations(),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(Exp2Sum)->DenseRange(0, 2)->MinTime(0.5);

MONGE_SIMD_CLONES float fast_expf_sum(const float* x, int n) {
  float s = 0;
#pragma omp simd reduction(+ : s)
  for (int j = 0; j < n; ++j) s += fast_expf(x[j]);
  return s;
}

void FastExpfLoop(benchmark::State& state) {
  const std::vector<float> x = inputs();
  double sink = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sink += fast_expf_sum(x.data(), kN));
  state.counters["exps_per_s"] = benchmark::Counter(static_cast<double>(kN) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(FastExpfLoop)->MinTime(0.5);

void StdExpf(benchmark::State& state) {
  const std::vector<float> x = inputs();
  double sink = 0;
  for (auto _ : state) {
    float s = 0;
    for (int j = 0; j < kN; ++j) s += std::exp(x[j]);
    benchmark::DoNotOptimize(sink += s);
  }
  state.counters["exps_per_s"] = benchmark::Counter(static_cast<double>(kN) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(StdExpf)->MinTime(0.5);

}  // namespace

BENCHMARK_MAIN();
