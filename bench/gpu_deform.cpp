// The MLP velocity field of the mesh deformation on the GPU against the same field on the CPU
// threads, in one run (Google Benchmark; scripts/gpu-check runs it on the GPU machine):
//   BM_MlpForwardVjp/<backend>/N   one forward and one vjp (a training step costs 32 of each at
//                                  8 RK4 steps), MLP 3 x 64 tanh, ms; counter points_per_s
// backend 0 = CPU (all cores: OMP_NUM_THREADS), 1 = CUDA. Without a usable device the CUDA cases
// report "skipped: <reason>" and the program still exits 0; with MONGE_REQUIRE_CUDA=1 it fails
// instead (gpu_bench_main.hpp).
#include <benchmark/benchmark.h>

#include "bench/gpu_bench_main.hpp"
#include "solvers/backend/backend.hpp"
#include "solvers/common/random.hpp"

using namespace monge;
using namespace monge::deform;

namespace {

void BM_MlpForwardVjp(benchmark::State& state) {
  const Backend backend = state.range(0) == 0 ? Backend::Cpu : Backend::Cuda;
  if (backend == Backend::Cuda && !cuda_status().usable) {
    state.SkipWithError(("skipped: " + cuda_status().reason).c_str());
    return;
  }
  const int n = static_cast<int>(state.range(1));
  MlpOptions o;  // 3 x 64 tanh, the trainer's default
  o.last_layer_scale = 1.0f;
  auto field = make_mlp_field(backend, o);
  const Parameters theta = field->initial_parameters(1);
  const CounterRng rng(2, 0);
  Points X(n, 3), dV(n, 3), V, gX;
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c) {
      X(i, c) = rng.normal(static_cast<std::uint64_t>(i) * 3 + c);
      dV(i, c) = rng.normal(static_cast<std::uint64_t>(n + i) * 3 + c);
    }
  Parameters g = Parameters::Zero(field->parameter_count());
  field->forward(theta, X, 0.5f, V);  // warm-up: allocations
  field->vjp(theta, X, 0.5f, dV, g, gX);
  for (auto _ : state) {
    field->forward(theta, X, 0.5f, V);
    field->vjp(theta, X, 0.5f, dV, g, gX);
    benchmark::DoNotOptimize(g.data());
  }
  state.counters["points_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_MlpForwardVjp)
    ->ArgNames({"backend", "N"})
    ->Args({0, 100000})
    ->Args({1, 100000})
    ->Args({0, 1000000})
    ->Args({1, 1000000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

MONGE_GPU_BENCHMARK_MAIN()
