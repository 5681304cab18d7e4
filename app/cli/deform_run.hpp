#pragma once
// The work of `monge deform` between reading the meshes and writing the result: train the ODE
// deformation (solvers/deform/deform_trainer.hpp), then measure it. Shared by the CLI
// (app/cli/cmd_deform.cpp) and the Python module (monge.deform), so both give the same numbers.
#include <functional>
#include <string>

#include "solvers/backend/backend.hpp"
#include "solvers/deform/deform_trainer.hpp"
#include "solvers/mesh/mesh.hpp"
#include "solvers/mesh/mesh_metrics.hpp"

namespace monge {

struct DeformRun {
  mesh::TriangleMesh result;          // the source's faces, vertices carried to t = 1
  double chamfer_before = 0, chamfer_after = 0;
  mesh::HausdorffDistance hausdorff;  // of the result to the target
  mesh::SelfIntersections intersections;
  mesh::FlippedFaces flipped;         // source vs result
  double loss_before = 0, loss_after = 0;  // SW_2^2 to the target measure, 256 fixed directions
  int iterations = 0;
  double seconds = 0;                 // training only
  double learning_rate = 0;           // as used (the field's default when the options gave 0)
  long long parameters = 0;           // of the velocity field
  std::string backend;                // "CPU" or "CUDA (<device>)"
};

// After each training iteration: the iteration, how many are done, and the training seconds so
// far. Returning false stops the training (run_deform then throws Cancelled).
using DeformHook = std::function<bool(const deform::DeformIteration& it, int done, double seconds)>;

// Trains `iterations` iterations of the deformation of `source` onto `target` with `options`
// (the backend's field and SW runner filled in from `backend`, resolved here), then measures
// Chamfer and Hausdorff distances on `metric_samples` surface samples, self-intersections and
// flipped faces. Throws InputError for bad meshes or options (naming the option).
DeformRun run_deform(const mesh::TriangleMesh& source, const mesh::TriangleMesh& target, deform::DeformOptions options,
                     int iterations, int metric_samples, Backend backend, const DeformHook& hook = {});

}  // namespace monge
