// Same scene and seed, same frames on any machine: every flow kind, run through Simulation (what
// `monge run`, `record` and the GUI advance), gives the same bytes at 1, 2 and 4 OpenMP threads:
// positions, density grids, mesh paths and every diagnostic of every step. Small scenes, one to
// three steps each (each kind differed at its first or second step before the fixed-order sums):
// about 1 s of CPU in all, 5 s under ASan.
//
// Sections: scenes (one per flow kind and per code path with its own reduction) · the run and
// its bytes · the tests · the sliced engine's gradient fold (gradient_fold.hpp) alone.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "app/scene/scene.hpp"
#include "app/scene/simulation.hpp"
#include "solvers/common/random.hpp"
#include "solvers/sliced/gradient_fold.hpp"

namespace monge {
namespace {

// ---- scenes -------------------------------------------------------------------------------
// Flow JSON of each case; source and target are the caller's.
const char* kGauss2 = R"("source": {"kind": "gaussian", "count": 3000, "mean": [0, 0], "cov": [[0.3, 0.1], [0.1, 0.2]]},
 "target": {"kind": "gaussian-mixture", "count": 3000, "components": [
   {"weight": 1, "mean": [-0.8, 0.5], "cov": [[0.03, 0], [0, 0.03]]},
   {"weight": 2, "mean": [0.8, -0.3], "cov": [[0.05, 0.02], [0.02, 0.03]]}]})";

std::string scene_json(int dim, const std::string& measures, const std::string& flow) {
  return "{\"dim\": " + std::to_string(dim) + ", \"seed\": 9, " + measures + ", \"flow\": " + flow + "}";
}

// ---- the run and its bytes ----------------------------------------------------------------
template <class T>
void append(std::string& out, const T* data, std::size_t count) {
  out.append(reinterpret_cast<const char*>(data), sizeof(T) * count);
}

// Every byte a frame and its diagnostics hold, part by part ("points", "grid", "path",
// "diagnostic <name>"), so that a failure says which part differs.
using Frame = std::vector<std::pair<std::string, std::string>>;

Frame frame_bytes(const Simulation& sim) {
  const FlowState& s = sim.state();
  Frame frame(3);
  frame[0].first = "points";
  append(frame[0].second, s.points.data(), static_cast<std::size_t>(s.points.size()));
  frame[1].first = "grid";
  append(frame[1].second, s.grid.values.data(), s.grid.values.size());
  frame[2].first = "path";
  for (const Points& p : s.path) append(frame[2].second, p.data(), static_cast<std::size_t>(p.size()));
  if (!sim.history().empty())
    for (const auto& [name, value] : sim.history().back().values) {
      frame.emplace_back("diagnostic " + name, std::string());
      append(frame.back().second, &value, 1);
    }
  return frame;
}

// The frames of `steps` steps of the scene at `threads` OpenMP threads.
std::vector<Frame> run_at(const std::string& json, int steps, int threads) {
  const int before = omp_get_max_threads();
  omp_set_num_threads(threads);
  std::vector<Frame> frames;
  {
    Simulation sim(parse_scene(nlohmann::json::parse(json), MONGE_SOURCE_DIR "/assets/scenes", "determinism.json"));
    for (int k = 0; k < steps; ++k) {
      sim.step();
      frames.push_back(frame_bytes(sim));
    }
  }
  omp_set_num_threads(before);
  return frames;
}

// Frames at 1 thread against 2 and 4: equal byte for byte, step by step.
void expect_same_frames(const std::string& json, int steps) {
  const std::vector<Frame> one = run_at(json, steps, 1);
  ASSERT_EQ(one.size(), static_cast<std::size_t>(steps));
  ASSERT_FALSE(one.back()[0].second.empty() && one.back()[1].second.empty());
  for (int threads : {2, 4}) {
    const std::vector<Frame> other = run_at(json, steps, threads);
    ASSERT_EQ(other.size(), one.size());
    for (int k = 0; k < steps; ++k) {
      ASSERT_EQ(other[k].size(), one[k].size());
      std::string differ;
      for (std::size_t part = 0; part < one[k].size(); ++part)
        if (other[k][part] != one[k][part]) differ += " " + one[k][part].first + ";";
      ASSERT_TRUE(differ.empty()) << threads << " threads differ from 1 thread at step " << k + 1 << " in" << differ;
    }
  }
}

// ---- the tests ----------------------------------------------------------------------------
TEST(Determinism, SlicedFlowPlainMonteCarlo) {
  expect_same_frames(scene_json(2, kGauss2, R"({"kind": "sliced-wasserstein", "projections": 24, "step": 1.0})"), 4);
}

TEST(Determinism, SlicedFlowControlVariateWithNoise) {
  expect_same_frames(scene_json(2, kGauss2,
                                R"({"kind": "sliced-wasserstein", "projections": 24, "estimator": "ucv",
                                    "step": 0.8, "noise": 0.001})"),
                     3);
}

TEST(Determinism, SlicedFlowMaxAndVonMisesFisher) {
  expect_same_frames(scene_json(2, kGauss2, R"({"kind": "sliced-wasserstein", "projections": 16, "directions": "max"})"), 1);
  expect_same_frames(scene_json(2, kGauss2, R"({"kind": "sliced-wasserstein", "projections": 16, "directions": "vmf"})"), 1);
}

TEST(Determinism, SlicedFlowUnequalCountsIn3D) {
  // N != M: the quantile merge path, not the matched one.
  expect_same_frames(scene_json(3,
                                R"("source": {"kind": "gaussian", "count": 2000, "mean": [0, 0, 0], "cov": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
                                   "target": {"kind": "uniform", "shape": "ball", "count": 1500, "radius": 1})",
                                R"({"kind": "sliced-wasserstein", "projections": 20, "step": 1.0})"),
                     3);
}

TEST(Determinism, FokkerPlanckAndExactAggregation) {
  expect_same_frames(scene_json(2, R"("source": {"kind": "gaussian", "count": 3000, "mean": [0, 0], "cov": [[0.05, 0], [0, 0.3]]})",
                                R"({"kind": "fokker-planck", "potential": {"kind": "double-well", "depth": 1.0},
                                    "temperature": 0.25, "dt": 0.005})"),
                     3);
  expect_same_frames(scene_json(2, R"("source": {"kind": "gaussian", "count": 1000, "mean": [0, 0], "cov": [[0.3, 0.1], [0.1, 0.1]]})",
                                R"({"kind": "aggregation", "interaction": {"kind": "power-law", "a": 2, "b": 0, "method": "exact"},
                                    "dt": 0.05})"),
                     3);
}

TEST(Determinism, AggregationOnTheMesh) {
  expect_same_frames(scene_json(2, R"("source": {"kind": "gaussian", "count": 2000, "mean": [0, 0], "cov": [[0.3, 0.1], [0.1, 0.1]]})",
                                R"({"kind": "aggregation", "interaction": {"kind": "morse", "method": "mesh", "mesh_cells": 64},
                                    "temperature": 0.01, "dt": 0.02})"),
                     3);
}

TEST(Determinism, PorousMediumBlobParticles) {
  expect_same_frames(scene_json(2, R"("source": {"kind": "uniform", "shape": "disk", "count": 1000, "radius": 0.4})",
                                R"({"kind": "porous-medium", "m": 2, "coefficient": 1, "epsilon": 0.06, "dt": 0.0005})"),
                     3);
}

TEST(Determinism, JkoGridPorousMediumAndCrowd) {
  expect_same_frames(scene_json(2, R"("source": {"kind": "uniform", "shape": "disk", "count": 500, "radius": 1})",
                                R"({"kind": "jko-grid", "grid": {"nx": 48, "ny": 48, "bounds": [-2, -2, 2, 2]},
                                    "initial": {"kind": "barenblatt", "m": 2, "t0": 0.1},
                                    "internal": "porous-medium", "m": 2, "coefficient": 1, "dt": 0.005, "epsilon": 0.002})"),
                     2);
  expect_same_frames(scene_json(2, R"("source": {"kind": "uniform", "shape": "square", "count": 3000, "size": [1.0, 1.6], "center": [-1.3, 0]})",
                                R"({"kind": "jko-grid", "grid": {"nx": 48, "ny": 36, "bounds": [-2, -1.5, 2, 1.5]},
                                    "initial": "source", "internal": "entropy", "temperature": 0.01,
                                    "potential": {"kind": "quadratic", "center": [1.8, 0], "matrix": [[1, 0], [0, 1]]},
                                    "cap": 1.5, "obstacles": [{"kind": "disk", "center": [0, 0], "radius": 0.5}],
                                    "dt": 0.02, "epsilon": 0.01})"),
                     2);
}

TEST(Determinism, SinkhornDivergenceFlow) {
  // 1050 x 1000: above the scaling solver's 2^20 entries, where its passes run on threads.
  const std::string measures = R"("source": {"kind": "gaussian", "count": 1050, "mean": [0, 0], "cov": [[0.3, 0.1], [0.1, 0.2]]},
    "target": {"kind": "gaussian", "count": 1000, "mean": [0.8, 0.3], "cov": [[0.05, 0], [0, 0.05]]})";
  // eps = 0.5: no eps-scaling stages (C_max / eps < 50), a few dozen iterations a solve: fast under
  // the sanitizers too.
  expect_same_frames(scene_json(2, measures, R"({"kind": "sinkhorn-divergence", "eps": 0.5, "step": 0.5, "tol": 0.001})"), 1);
  const std::string small = R"("source": {"kind": "gaussian", "count": 300, "mean": [0, 0], "cov": [[0.3, 0.1], [0.1, 0.2]]},
    "target": {"kind": "gaussian", "count": 250, "mean": [0.8, 0.3], "cov": [[0.05, 0], [0, 0.05]]})";
  expect_same_frames(scene_json(2, small, R"({"kind": "sinkhorn-divergence", "eps": 0.05, "step": 0.5, "method": "sns"})"), 2);
}

TEST(Determinism, MeshDeformationMlpAndKernelFields) {
  const std::string meshes = R"("source": {"kind": "mesh", "path": "builtin:icosphere?subdivisions=2"},
    "target": {"kind": "mesh", "path": "builtin:ellipsoid?a=1.5&b=1&c=0.6"})";
  expect_same_frames(scene_json(3, meshes, R"({"kind": "mesh-deformation", "field": "mlp", "steps": 2, "projections": 16,
                                               "hidden_width": 16, "samples": 500})"),
                     1);
  expect_same_frames(scene_json(3, meshes, R"({"kind": "mesh-deformation", "field": "kernel", "steps": 2, "projections": 16,
                                               "measure": "surface", "samples": 500})"),
                     1);
}

// ---- the sliced engine's gradient fold alone ------------------------------------------------
// Partial b, entry e: a value of any sign and a wide range of magnitudes (where float sums
// depend on their order).
float partial_value(int b, std::size_t e) {
  const CounterRng rng(11, static_cast<std::uint64_t>(b));
  return rng.normal(e) * std::exp2(static_cast<float>(static_cast<int>(e % 41) - 20));
}

std::vector<float> reference_fold(int blocks, std::size_t n, float scale) {
  std::vector<float> out(n);
  for (std::size_t e = 0; e < n; ++e) {
    float s = partial_value(0, e);
    for (int b = 1; b < blocks; ++b) s += partial_value(b, e);
    out[e] = s * scale;
  }
  return out;
}

TEST(Determinism, GradientFoldIsTheLeftFoldWhateverTheOrderOfCompletion) {
  const int blocks = 13;
  const std::size_t n = 10007;
  const std::vector<float> expected = reference_fold(blocks, n, 0.25f);
  GradientFold fold;
  std::vector<float> out(n);
  // Threads finishing blocks in uneven order (block b spins for a time that varies with b).
  for (int threads : {1, 3, 8}) {
    fold.begin(blocks, n, out.data());
#pragma omp parallel num_threads(threads)
    {
#pragma omp for schedule(dynamic, 1)
      for (int b = 0; b < blocks; ++b) {
        float* partial = fold.acquire(b);
        volatile double spin = 0;
        for (int k = 0; k < (b * 7919 % 5) * 20000; ++k) spin = spin + 1.0;
        for (std::size_t e = 0; e < n; ++e) partial[e] = partial_value(b, e);
        fold.complete(b);
      }
      fold.finish(0.25f);
    }
    EXPECT_TRUE(out == expected) << threads << " threads";
  }
  // All blocks started, completed last to first: nothing folds early, finish() folds all.
  fold.begin(blocks, n, out.data());
  std::vector<float*> partials(blocks);
  for (int b = 0; b < blocks; ++b) partials[b] = fold.acquire(b);
  for (int b = blocks - 1; b >= 0; --b) {
    for (std::size_t e = 0; e < n; ++e) partials[b][e] = partial_value(b, e);
    fold.complete(b);
  }
#pragma omp parallel num_threads(2)
  fold.finish(0.25f);
  EXPECT_TRUE(out == expected) << "completed in reverse";
}

}  // namespace
}  // namespace monge
