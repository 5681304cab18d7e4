// Steps per second of the free-energy flows (issue 5): the 20k-particle Fokker-Planck scene
// (target >= 60 steps/s on 2 cores), particle flows with interactions at 20k and 100k particles
// (particle mesh) and 2k (exact sums), the blob porous medium, and a 256 x 256 entropic JKO grid.
// Run: OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive build/bench/bench_energy
#include <benchmark/benchmark.h>

#include <cmath>

#include "solvers/common/random.hpp"
#include "solvers/energy/barenblatt.hpp"
#include "solvers/energy/jko_grid.hpp"
#include "solvers/energy/particle_flow.hpp"

namespace monge {
namespace {

Points cloud(int n, double scale) {
  const CounterRng rng(1, 5);
  Points X(n, 2);
  for (int i = 0; i < n; ++i) {
    float z[4];
    rng.normal4(i, z);
    X(i, 0) = static_cast<float>(2 + scale * z[0]);
    X(i, 1) = static_cast<float>(-1 + scale * z[1]);
  }
  return X;
}

void run_particles(benchmark::State& st, ParticleEnergyFlow& flow, Points X) {
  FlowState s;
  s.points = std::move(X);
  for (auto _ : st) {
    flow.step(s);
    ++s.step;
  }
  st.counters["steps_per_s"] = benchmark::Counter(static_cast<double>(st.iterations()), benchmark::Counter::kIsRate);
}

// The scene contract: quadratic potential diag(1, 2), temperature 1, dt 0.005.
void BM_FokkerPlanckScene(benchmark::State& st) {
  ParticleFlowOptions o;
  o.potential = Potential::quadratic(Eigen::Vector2d::Zero(), Eigen::Matrix2d{{1, 0}, {0, 2}});
  o.temperature = 1;
  o.dt = 0.005;
  ParticleEnergyFlow flow(o, 7);
  run_particles(st, flow, cloud(static_cast<int>(st.range(0)), 0.6));
}
BENCHMARK(BM_FokkerPlanckScene)->Arg(20000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Aggregation W = |x|^2/2 - log|x| plus a quadratic confinement and noise, interaction by the
// particle mesh (M = 256) above 3000 particles, exact below.
void BM_InteractingParticles(benchmark::State& st) {
  ParticleFlowOptions o;
  o.kind = "aggregation";
  o.interaction = InteractionOptions{};
  o.potential = Potential::quadratic(Eigen::Vector2d::Zero(), Eigen::Matrix2d::Identity() * 0.1);
  o.temperature = 0.01;
  o.dt = 0.01;
  ParticleEnergyFlow flow(o, 7);
  run_particles(st, flow, cloud(static_cast<int>(st.range(0)), 0.5));
}
BENCHMARK(BM_InteractingParticles)->Arg(2000)->Arg(20000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BlobPorousMedium(benchmark::State& st) {
  ParticleFlowOptions o;
  o.kind = "porous-medium";
  o.blob = BlobOptions{2.0, 0.06};
  o.dt = 0.0005;
  ParticleEnergyFlow flow(o, 7);
  run_particles(st, flow, cloud(static_cast<int>(st.range(0)), 0.3));
}
BENCHMARK(BM_BlobPorousMedium)->Arg(1500)->Arg(5000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Porous medium m = 2 from the Barenblatt profile on an n x n grid over [-2, 2]^2.
void BM_JkoGrid(benchmark::State& st) {
  const int n = static_cast<int>(st.range(0));
  const Barenblatt B(2.0, 2);
  JkoGridOptions o;
  o.internal = GridInternal::PorousMedium;
  o.dt = 0.005;
  o.gamma = 0.5 * (4.0 / n) * (4.0 / n);
  JkoGridFlow flow(o, make_grid(n, n, -2, -2, 2, 2, [&](double x, double y) {
                     const double p[2] = {x, y};
                     return B.density(0.1, p);
                   }));
  FlowState s;
  flow.initialize(s);
  // The first steps start the Sinkhorn scalings cold (up to 500 iterations); later steps are
  // warm-started from the previous step's scalings, which is the rate a running scene sees.
  for (int k = 0; k < 3; ++k) {
    flow.step(s);
    ++s.step;
  }
  double iterations = 0;
  for (auto _ : st) {
    flow.step(s);
    ++s.step;
    for (const auto& [k, v] : flow.diagnostics())
      if (k == "iterations") iterations += v;
  }
  st.counters["steps_per_s"] = benchmark::Counter(static_cast<double>(st.iterations()), benchmark::Counter::kIsRate);
  st.counters["sinkhorn_iters"] = iterations / static_cast<double>(st.iterations());
}
// A fixed 10 steps: the Sinkhorn iteration count varies from step to step (1 to the cap of 500).
BENCHMARK(BM_JkoGrid)->Arg(128)->Arg(256)->Iterations(10)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace monge

BENCHMARK_MAIN();
