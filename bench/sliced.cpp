// Sliced-Wasserstein engine timings (Google Benchmark), 100 directions, N = M points:
//   BM_SlicedValue      SW_2 value only                    (what POT's sliced_wasserstein_distance does)
//   BM_SlicedValueGrad  SW_2 value and gradient w.r.t. X   (what a flow step needs)
//   BM_ProjectSort      the machine's own limit: the projections of both clouds onto the
//                       directions plus one radix sort of each (the engine's own sort,
//                       projection_sort.hpp, the source with its indices), nothing else (same threads)
//   BM_ProjectSort32    the same with the exact 32-bit float-key radix sort (3 passes), for scale
//   BM_StdSort          std::sort of the same projected values, for scale
//   BM_FlowStep         one sliced-Wasserstein flow step, 100k particles, 2D, 64 directions (the
//                       interactive case); arguments N and the number of OpenMP threads
// Arguments: N, d. Run with OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive on this machine.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/sliced/projection_sort.hpp"
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

// The floor: project both clouds on each direction and sort the projections (the source's with
// its index, as the engine needs it for the gradient), nothing else.
void BM_ProjectSort(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), d = static_cast<int>(state.range(1));
  const Points X = gaussian(n, d, 1, 0.0f), Y = gaussian(n, d, 2, 1.0f);
  Points theta;
  draw_directions(DirectionScheme::MonteCarlo, kProjections, d, CounterRng(3, 0), theta);
  const int T = omp_get_max_threads();
  std::vector<ProjectionSorter> sx(T), sy(T);
  CloudBounds bx, by;
  for (auto _ : state) {
    // The engine computes the bounds once per call too.
    bx.compute(X);
    by.compute(Y);
#pragma omp parallel for schedule(static, 1) num_threads(T)
    for (int l = 0; l < kProjections; ++l) {
      const int t = omp_get_thread_num();
      benchmark::DoNotOptimize(sx[t].sort(X.data(), n, d, &theta(l, 0), bx, SortPayload::Index));
      benchmark::DoNotOptimize(sy[t].sort(Y.data(), n, d, &theta(l, 0), by, SortPayload::Value));
    }
  }
}
BENCHMARK(BM_ProjectSort)->Apply(args);

void BM_ProjectSort32(benchmark::State& state) {
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
          kx[i] = float_to_key(project_any(&X(i, 0), th, d));
          ix[i] = i;
        }
        for (int i = 0; i < n; ++i) ky[i] = float_to_key(project_any(&Y(i, 0), th, d));
        benchmark::DoNotOptimize(radix_sort_pingpong(kx, ix, kt, it, n));
        benchmark::DoNotOptimize(radix_sort_pingpong(ky, nullptr, kyt, nullptr, n));
      }
    }
  }
}
BENCHMARK(BM_ProjectSort32)->Apply(args);

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
      for (int i = 0; i < n; ++i) px[i] = project_any(&X(i, 0), &theta(l, 0), d);
      for (int i = 0; i < n; ++i) py[i] = project_any(&Y(i, 0), &theta(l, 0), d);
      std::sort(px.begin(), px.end());
      std::sort(py.begin(), py.end());
      benchmark::DoNotOptimize(px.data());
    }
  }
}
BENCHMARK(BM_StdSort)->Apply(args);

void BM_FlowStep(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), threads = static_cast<int>(state.range(1));
  const int saved_threads = omp_get_max_threads();
  omp_set_num_threads(threads);
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
  omp_set_num_threads(saved_threads);
}
BENCHMARK(BM_FlowStep)->Args({100'000, 1})->Args({100'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
