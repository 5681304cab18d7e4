// Mesh library timings (Google Benchmark) on 10k-vertex meshes (icosphere / blob / ellipsoid at 5
// subdivisions: 10242 vertices, 20480 faces):
//   BM_Chamfer            chamfer() with 10k area-uniform samples per mesh (sampling + 2 k-d trees + queries)
//   BM_Hausdorff          hausdorff() with 10k samples per mesh
//   BM_SelfIntersections  self_intersections() on a clean blob (every candidate pair tested)
//   BM_SurfaceSamples     sample_surface + evaluate_samples, 10k samples (one training step's target)
//   BM_VarifoldVjp        varifold_measure + varifold_vjp (one training step's measure and gradient)
//   BM_ParsePly / BM_ParseObj   reading the mesh from bytes in memory (binary PLY, OBJ)
// Run with OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive on this machine.
#include <benchmark/benchmark.h>

#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"
#include "solvers/mesh/mesh_measure.hpp"
#include "solvers/mesh/mesh_metrics.hpp"

using namespace monge;
using namespace monge::mesh;

namespace {

constexpr int kSubdivisions = 5;  // 10242 vertices
constexpr int kSamples = 10000;

const TriangleMesh& blob_mesh() {
  static const TriangleMesh mesh = blob(BlobParams{6, 0.5f, 1, kSubdivisions});
  return mesh;
}
const TriangleMesh& ellipsoid_mesh() {
  static const TriangleMesh mesh = ellipsoid(1.5f, 1.0f, 0.6f, kSubdivisions);
  return mesh;
}

void BM_Chamfer(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(chamfer(blob_mesh(), ellipsoid_mesh(), kSamples, 1));
}
BENCHMARK(BM_Chamfer)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Hausdorff(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(hausdorff(blob_mesh(), ellipsoid_mesh(), kSamples, 1));
}
BENCHMARK(BM_Hausdorff)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SelfIntersections(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(self_intersections(blob_mesh()));
}
BENCHMARK(BM_SelfIntersections)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SurfaceSamples(benchmark::State& state) {
  const TriangleMesh& mesh = blob_mesh();
  for (auto _ : state) {
    const SurfaceSamples samples = sample_surface(mesh.vertices, mesh.faces, kSamples, 1);
    benchmark::DoNotOptimize(evaluate_samples(mesh.vertices, mesh.faces, samples));
  }
}
BENCHMARK(BM_SurfaceSamples)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_VarifoldVjp(benchmark::State& state) {
  const TriangleMesh& mesh = blob_mesh();
  const Points grad_points = Points::Ones(mesh.face_count(), 6);
  const Eigen::VectorXf grad_weights = Eigen::VectorXf::Ones(mesh.face_count());
  for (auto _ : state) {
    const Measure m = varifold_measure(mesh.vertices, mesh.faces, 0.3f);
    Points grad;
    varifold_vjp(mesh.vertices, mesh.faces, 0.3f, grad_points, grad_weights, grad);
    benchmark::DoNotOptimize(grad.data());
    benchmark::DoNotOptimize(m.points.data());
  }
}
BENCHMARK(BM_VarifoldVjp)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParsePly(benchmark::State& state) {
  const std::string bytes = format_ply(blob_mesh(), PlyEncoding::BinaryLittleEndian);
  for (auto _ : state) benchmark::DoNotOptimize(parse_ply(bytes, "bench.ply"));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_ParsePly)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParseObj(benchmark::State& state) {
  const std::string bytes = format_obj(blob_mesh());
  for (auto _ : state) benchmark::DoNotOptimize(parse_obj(bytes, "bench.obj"));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_ParseObj)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
