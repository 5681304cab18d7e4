// Training iterations per second of the ODE mesh deformation (issue 6): a 10,242-vertex icosphere
// (level 5) deformed onto an ellipsoid of the same resolution, 8 RK4 steps, 64 projections, on 2
// threads: the MLP field (3 x 64, the default) with each measure, and the kernel field. Also one
// field evaluation and one vector-Jacobian product on the 10k points, the units a training
// iteration is made of (32 of each per iteration, plus the SW loss).
// Run: OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive build/bench/bench_deform
#include <benchmark/benchmark.h>
#include <omp.h>

#include "solvers/deform/deform_trainer.hpp"
#include "solvers/deform/mlp_field.hpp"
#include "solvers/mesh/builtin_meshes.hpp"

namespace monge::deform {
namespace {

const mesh::TriangleMesh& source_mesh() {
  static const mesh::TriangleMesh m = mesh::icosphere(5);  // 10,242 vertices, 20,480 faces
  return m;
}
const mesh::TriangleMesh& target_mesh() {
  static const mesh::TriangleMesh m = mesh::ellipsoid(1.5f, 1.0f, 0.6f, 5);
  return m;
}

void BM_TrainIteration(benchmark::State& st, FieldKind field, mesh::MeshMeasureKind measure) {
  omp_set_num_threads(2);
  DeformOptions o;  // steps 8, projections 64, mlp 3 x 64
  o.field = field;
  o.measure = measure;
  o.samples = 10000;
  DeformTrainer trainer(source_mesh(), target_mesh(), o);
  trainer.step();  // warm-up: workspaces are sized once
  for (auto _ : st) benchmark::DoNotOptimize(trainer.step().loss);
  st.counters["iterations_per_s"] =
      benchmark::Counter(static_cast<double>(st.iterations()), benchmark::Counter::kIsRate);
  st.counters["vertices"] = source_mesh().vertex_count();
}
BENCHMARK_CAPTURE(BM_TrainIteration, mlp_vertices, FieldKind::Mlp, mesh::MeshMeasureKind::Vertices)
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK_CAPTURE(BM_TrainIteration, mlp_surface, FieldKind::Mlp, mesh::MeshMeasureKind::Surface)
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK_CAPTURE(BM_TrainIteration, mlp_varifold, FieldKind::Mlp, mesh::MeshMeasureKind::Varifold)
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK_CAPTURE(BM_TrainIteration, kernel_vertices, FieldKind::Kernel, mesh::MeshMeasureKind::Vertices)
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

void BM_MlpField(benchmark::State& st, bool vjp) {
  omp_set_num_threads(2);
  MlpField field{MlpOptions{}};
  const Parameters theta = field.initial_parameters(0);
  const Points& X = source_mesh().vertices;
  Points V, dV = Points::Ones(X.rows(), 3), gX;
  Parameters g = Parameters::Zero(field.parameter_count());
  for (auto _ : st) {
    if (vjp)
      field.vjp(theta, X, 0.5f, dV, g, gX);
    else
      field.forward(theta, X, 0.5f, V);
  }
  st.counters["points_per_s"] =
      benchmark::Counter(static_cast<double>(st.iterations()) * X.rows(), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_MlpField, forward, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_MlpField, vjp, true)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace monge::deform

BENCHMARK_MAIN();
