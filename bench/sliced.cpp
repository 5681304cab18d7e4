// Sliced-Wasserstein engine timings (Google Benchmark), 100 directions, N = M points:
//   BM_SlicedValue      SW_2 value only                    (what POT's sliced_wasserstein_distance does)
//   BM_SlicedValueGrad  SW_2 value and gradient w.r.t. X   (what a flow step needs)
//   BM_ProjectSort      the machine's own limit: the projections of both clouds onto the
//                       directions plus one radix sort of each, nothing else (same threads)
//   BM_FlowStep         one sliced-Wasserstein flow step, 64 directions, 2D (the interactive case)
//   BM_StdSort          std::sort of the same projected values, for scale
// Arguments: N, d. Run with OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive on this machine.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/sliced/radix_sort.hpp"
#include "solvers/sliced/sliced_flow.hpp"
#include "solvers/sliced/sliced_math.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

using namespace monge;

namespace {

constexpr int kProjections = 100;

Points gaussian(int n, int d, std::uint64_t seed, float shift) {
  const CounterRng rng(seed, 0);
  Points P(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) P(i, j) = rng.normal(static_cast<std::uint64_t>(i) * d + j) + shift;
  return P;
}

void args(benchmark::internal::Benchmark* b) {
  for (int n : {10'000, 100'000})
    for (int d : {2, 3}) b->Args({n, d});
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

void BM_SlicedValue(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  const Points X = gaussian(n, d, 1, 0.0f), Y = gaussian(n, d, 2, 1.0f);
  SlicedWasserstein engine;
  SlicedOptions o;
  o.projections = kProjections;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.evaluate(X, {}, Y, {}, o).value);
    ++o.seed;
  }
}
BENCHMARK(BM_SlicedValue)->Apply(args);

void BM_SlicedValueGrad(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  const Points X = gaussian(n, d, 1, 0.0f), Y = gaussian(n, d, 2, 1.0f);
  SlicedWasserstein engine;
  SlicedOptions o;
  o.projections = kProjections;
  Points grad;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.evaluate(X, {}, Y, {}, o, &grad).value);
    ++o.seed;
  }
}
BENCHMARK(BM_SlicedValueGrad)->Apply(args);

// The floor: project both clouds on each direction and radix-sort the projections (the source's
// with its index payload, as the engine needs it for the gradient), nothing else.
void BM_ProjectSort(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  const Points X = gaussian(n, d, 1, 0.0f), Y = gaussian(n, d, 2, 1.0f);
  Points theta;
  draw_directions(DirectionScheme::MonteCarlo, kProjections, d, CounterRng(3, 0), theta);
  const int T = omp_get_max_threads();
  std::vector<std::vector<std::uint32_t>> bufs(T * 6, std::vector<std::uint32_t>(n));
  for (auto _ : state) {
#pragma omp parallel num_threads(T)
    {
      const int t = omp_get_thread_num();
      auto* kx = bufs[6 * t].data();
      auto* ix = bufs[6 * t + 1].data();
      auto* kt = bufs[6 * t + 2].data();
      auto* it = bufs[6 * t + 3].data();
      auto* ky = bufs[6 * t + 4].data();
      auto* kyt = bufs[6 * t + 5].data();
#pragma omp for schedule(static, 1)
      for (int l = 0; l < kProjections; ++l) {
        const float* th = &theta(l, 0);
        for (int i = 0; i < n; ++i) {
          kx[i] = float_to_key(project_point(&X(i, 0), th, d));
          ix[i] = i;
        }
        for (int i = 0; i < n; ++i) ky[i] = float_to_key(project_point(&Y(i, 0), th, d));
        benchmark::DoNotOptimize(radix_sort_pingpong(kx, ix, kt, it, n));
        benchmark::DoNotOptimize(radix_sort_pingpong(ky, nullptr, kyt, nullptr, n));
      }
    }
  }
}
BENCHMARK(BM_ProjectSort)->Apply(args);

void BM_StdSort(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  const Points X = gaussian(n, d, 1, 0.0f), Y = gaussian(n, d, 2, 1.0f);
  Points theta;
  draw_directions(DirectionScheme::MonteCarlo, kProjections, d, CounterRng(3, 0), theta);
  const int T = omp_get_max_threads();
  std::vector<std::vector<float>> bufs(T * 2, std::vector<float>(n));
  for (auto _ : state) {
#pragma omp parallel for schedule(static, 1) num_threads(T)
    for (int l = 0; l < kProjections; ++l) {
      auto& px = bufs[2 * omp_get_thread_num()];
      auto& py = bufs[2 * omp_get_thread_num() + 1];
      for (int i = 0; i < n; ++i) px[i] = project_point(&X(i, 0), &theta(l, 0), d);
      for (int i = 0; i < n; ++i) py[i] = project_point(&Y(i, 0), &theta(l, 0), d);
      std::sort(px.begin(), px.end());
      std::sort(py.begin(), py.end());
      benchmark::DoNotOptimize(px.data());
    }
  }
}
BENCHMARK(BM_StdSort)->Apply(args);

void BM_FlowStep(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Measure target;
  target.points = gaussian(n, 2, 2, 1.0f);
  SlicedFlowOptions o;
  o.sw.projections = 64;
  SlicedFlow flow(target, o, 1);
  FlowState s;
  s.points = gaussian(n, 2, 1, 0.0f);
  for (auto _ : state) {
    flow.step(s);
    ++s.step;
  }
  state.counters["steps_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FlowStep)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
