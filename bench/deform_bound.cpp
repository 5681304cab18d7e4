// One mesh-deformation training iteration against the machine's limit (issue 18), at 10k and 100k
// vertices (uv-spheres of 10,226 and 99,906 vertices onto an ellipsoid of the same size): default
// options (MLP 4-64-64-64-3 tanh, 8 RK4 steps, 64 projections, vertex measure, Adam).
//   BM_Iteration           a whole iteration; gflops = the MLP's flops (deform_products.hpp) / time
//   BM_SlicedLoss          the SW_2^2 value and gradient of one iteration alone (64 directions)
//   BM_EigenStageProducts  Eigen's products of one RK4 stage with the project's flags (x 32 = an
//                          iteration's products); bench_deform_bound_native does it with
//                          -march=native
// bound = 32 x (native stage products) + SW loss; bench/deform_vs_torch.py runs all of it and the
// PyTorch loop in one run and prints the fractions.
// Run: OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive build/bench/bench_deform_bound
#include <omp.h>

#include "deform_products.hpp"
#include "solvers/deform/deform_trainer.hpp"
#include "solvers/deform/mlp_field.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

namespace monge::deform {
namespace {

// A uv-sphere with about n vertices: (rings - 1) segments + 2, segments = 2 rings.
mesh::TriangleMesh sphere_of(int n) { return n > 50000 ? mesh::uv_sphere(224, 448) : mesh::uv_sphere(72, 144); }
mesh::TriangleMesh ellipsoid_of(int n) {
  mesh::TriangleMesh m = sphere_of(n);
  m.vertices.col(0) *= 1.5f;
  m.vertices.col(2) *= 0.6f;
  return m;
}

void BM_Iteration(benchmark::State& st) {
  const int n = static_cast<int>(st.range(0));
  const mesh::TriangleMesh source = sphere_of(n), target = ellipsoid_of(n);
  DeformTrainer trainer(source, target, DeformOptions{});
  trainer.step();  // sizes the workspaces
  for (auto _ : st) benchmark::DoNotOptimize(trainer.step().loss);
  st.counters["gflops"] = benchmark::Counter(bench::iteration_flops(source.vertex_count()) *
                                                 static_cast<double>(st.iterations()) / 1e9,
                                             benchmark::Counter::kIsRate);
  st.counters["vertices"] = source.vertex_count();
  MlpField probe{MlpOptions{}};
  st.SetLabel(std::string("kernels ") + mlp::isa_name(probe.isa()));
}
BENCHMARK(BM_Iteration)->Arg(10226)->Arg(99906)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SlicedLoss(benchmark::State& st) {
  const int n = static_cast<int>(st.range(0));
  const mesh::TriangleMesh source = sphere_of(n), target = ellipsoid_of(n);
  SlicedWasserstein sw;
  SlicedOptions o;
  o.projections = 64;
  Points grad;
  std::uint64_t stream = 0;
  for (auto _ : st) {
    o.stream = stream++;
    benchmark::DoNotOptimize(sw.evaluate(source.vertices, {}, target.vertices, {}, o, &grad).value_pow);
  }
  st.counters["vertices"] = source.vertex_count();
}
BENCHMARK(BM_SlicedLoss)->Arg(10226)->Arg(99906)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace monge::deform

BENCHMARK(monge::bench::BM_EigenStageProducts)->Arg(10226)->Arg(99906)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK(monge::bench::BM_EigenPeakProduct)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
