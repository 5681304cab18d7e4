// The online Sinkhorn and the particle interaction sums on the GPU (Google Benchmark;
// scripts/gpu-check runs it on the GPU machine). GPU cases only: the CPU takes minutes per
// 100k x 100k solve (bench_entropic's Online/100000; figures in docs/entropic.md).
//   BM_SinkhornOnline/single   100k x 100k points in 3D, eps = 0.01, 20 iterations at fixed eps
//                              (no eps-scaling, tol 0: exactly 20 iterations, then the double plan
//                              summary), counter iterations_per_s. single 0: double kernels (what
//                              tight tolerances run), 1: float kernels (loose-tolerance stages)
//   BM_Softmin/single          one Gaussian-kernel reduction, the softmin half-step
//                              -eps log sum_j exp(h_j/eps + log b_j - |x_i - y_j|^2/eps), 100k x 100k
//                              in 3D, ms. Issue #8's peer: GeomLoss + KeOps, ~15 ms on an RTX 2080 Ti
//   BM_InteractionSum          exact interaction gradient and energy, 100k particles in 2D (power
//                              law r^2/2 - log r), ms
// Without a usable device every case reports "skipped: <reason>" and the program exits 0; with
// MONGE_REQUIRE_CUDA=1 it fails instead (gpu_bench_main.hpp).
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "bench/gpu_bench_main.hpp"
#include "solvers/backend/backend.hpp"
#include "solvers/common/random.hpp"
#include "solvers/entropic/sinkhorn.hpp"

using namespace monge;

namespace {

constexpr int kN = 100'000;

Points gaussian(int n, int d, std::uint64_t seed, float shift) {
  const CounterRng rng(seed, 0);
  Points P(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) P(i, j) = 0.3f * rng.normal(static_cast<std::uint64_t>(i) * d + j) + shift;
  return P;
}

bool device_usable(benchmark::State& state) {
  if (cuda_status().usable) return true;
  state.SkipWithError(("skipped: " + cuda_status().reason).c_str());
  return false;
}

void BM_SinkhornOnline(benchmark::State& state) {
  if (!device_usable(state)) return;
  const Points X = gaussian(kN, 3, 1, 0.0f), Y = gaussian(kN, 3, 2, 0.5f);
  SinkhornOptions o;
  o.eps = 0.01;
  o.eps_scaling = false;
  o.tol = state.range(0) ? 1e-3 : 0.0;  // >= 1e-5: the float kernels (sinkhorn.cpp kSingleExpTol)
  o.max_iter = 20;
  o.memory = MemoryMode::Online;
  o.runner = make_softmin_runner(Backend::Cuda);
  SinkhornResult r;
  int iterations = 0;
  for (auto _ : state) {
    r = solve_entropic(X, {}, Y, {}, o);
    iterations += r.iterations;
  }
  state.counters["iterations_per_s"] = benchmark::Counter(iterations, benchmark::Counter::kIsRate);
  state.counters["iterations"] = r.iterations;
  state.counters["marginal_error"] = r.marginal_error;
}
BENCHMARK(BM_SinkhornOnline)->ArgName("single")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void BM_Softmin(benchmark::State& state) {
  if (!device_usable(state)) return;
  const Points X = gaussian(kN, 3, 1, 0.0f), Y = gaussian(kN, 3, 2, 0.5f);
  const std::shared_ptr<SoftminRunner> runner = make_softmin_runner(Backend::Cuda);
  const Eigen::VectorXd h = Eigen::VectorXd::Zero(kN), logw = Eigen::VectorXd::Constant(kN, -std::log(double(kN)));
  Eigen::VectorXd out;
  const SoftminProblem problem{&X, &Y, 0, 2.0};
  runner->softmin(problem, h, logw, 0.01, state.range(0) != 0, out);  // warm-up: allocations
  for (auto _ : state) runner->softmin(problem, h, logw, 0.01, state.range(0) != 0, out);
  benchmark::DoNotOptimize(out.data());
}
BENCHMARK(BM_Softmin)->ArgName("single")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_InteractionSum(benchmark::State& state) {
  if (!device_usable(state)) return;
  const Points X = gaussian(kN, 2, 3, 0.0f);
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(kN, 1.0 / kN);
  const std::shared_ptr<InteractionRunner> runner = make_interaction_runner(Backend::Cuda);
  const InteractionKernel kernel;  // r^2/2 - log r
  std::vector<double> grad;
  runner->interaction(X, w, kernel, grad, true);
  for (auto _ : state) benchmark::DoNotOptimize(runner->interaction(X, w, kernel, grad, true));
}
BENCHMARK(BM_InteractionSum)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

MONGE_GPU_BENCHMARK_MAIN()
