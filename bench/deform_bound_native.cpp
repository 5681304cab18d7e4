// Eigen's products of one mesh-deformation RK4 stage (bench/deform_products.hpp) compiled with
// -march=native (bench/CMakeLists.txt): on AVX-512 machines, 16-float vectors and fused
// multiply-adds, the best Eigen reaches on this machine. The MLP kernels' yardstick.
// Run: OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive build/bench/bench_deform_bound_native
#include "deform_products.hpp"

// Sizes: the uv-spheres of bench/deform_bound.cpp (10,226 and 99,906 vertices).
BENCHMARK(monge::bench::BM_EigenStageProducts)->Arg(10226)->Arg(99906)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK(monge::bench::BM_EigenPeakProduct)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
