#pragma once
// The work of `monge deform` between reading the meshes and writing the result: put the training
// on the chosen backend, train until the schedule stops (solvers/deform/deform_run.hpp), and gather
// what the CLI and the Python module (monge.deform) both report, so both give the same numbers.
#include <functional>
#include <string>

#include "solvers/backend/backend.hpp"
#include "solvers/deform/deform_run.hpp"
#include "solvers/deform/deform_trainer.hpp"
#include "solvers/mesh/mesh.hpp"

namespace monge {

struct DeformRun {
  deform::DeformRunResult result;     // output mesh, training run (iterations, seconds, stop), metrics
  double learning_rate = 0;           // as used (the field's default when the options gave 0)
  double final_learning_rate = 0;     // the schedule's rate at the last iteration
  double monitored_loss = 0;          // the lowest SW_2^2 on the schedule's fixed directions
  int folds = 0;                      // rollbacks after a fold
  std::string measure;                // the measure trained on ("auto" resolved)
  long long parameters = 0;           // of the velocity field
  std::string backend;                // "CPU" or "CUDA (<device>)"
};

// After each training iteration; returning false stops the training (run_deform then throws
// Cancelled).
using DeformHook = std::function<bool(const deform::DeformIteration& it, const deform::DeformTrainer& trainer)>;

// Trains the deformation of `source` onto `target` with `options` (the backend's field and SW
// runner filled in from `backend`, resolved here) until its schedule stops (plateau,
// options.schedule's iteration cap or time limit, folding), then measures Chamfer and Hausdorff
// distances on `metric_samples` surface samples, self-intersections and flipped faces. Throws
// InputError for bad meshes or options (naming the option).
DeformRun run_deform(const mesh::TriangleMesh& source, const mesh::TriangleMesh& target, deform::DeformOptions options,
                     int metric_samples, Backend backend, const DeformHook& hook = {});

}  // namespace monge
