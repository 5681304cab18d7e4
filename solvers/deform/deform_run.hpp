#pragma once
// A whole mesh deformation as `monge deform` runs it: train until the schedule stops, then the
// deformed mesh and its quality against the target (mesh_metrics.hpp). Shared by the CLI
// (app/cli/cmd_deform.cpp) and the evaluation over generated pairs (bench/deform_eval.cpp), so
// both report the same numbers for the same options.
#include <functional>

#include "solvers/deform/deform_trainer.hpp"
#include "solvers/mesh/mesh_metrics.hpp"

namespace monge::deform {

struct DeformRunResult {
  mesh::TriangleMesh output;       // the source's faces, vertices at t = 1
  TrainingRun training;            // iterations, seconds, why it stopped
  double chamfer_before = 0, chamfer_after = 0;  // mesh::chamfer on `metric_samples` samples
  mesh::HausdorffDistance hausdorff;             // after
  mesh::SelfIntersections intersections;         // of the output
  mesh::FlippedFaces flipped;                    // source vs output
  double loss_before = 0, loss_after = 0;        // SW_2^2, 256 fixed directions (kEvaluation*)
};

// The loss before and after training: 256 directions of one fixed stream, apart from the
// training's streams (0, 1, 2, ...) and the schedule's monitor.
constexpr std::uint64_t kEvaluationStream = 0x6576616c75617465ull;  // "evaluate"
constexpr int kEvaluationProjections = 256;

// Trains `trainer` from where it is until its schedule stops (deform_trainer.hpp: train), calling
// on_iteration after each iteration, and measures the result with `metric_samples` surface
// samples (seed: the trainer's seed).
DeformRunResult run_deformation(DeformTrainer& trainer, int metric_samples,
                                const std::function<void(const DeformIteration&)>& on_iteration = {});

}  // namespace monge::deform
