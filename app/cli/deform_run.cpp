#include "app/cli/deform_run.hpp"

#include "base/errors.hpp"

namespace monge {

namespace {
// The loss before and after training is measured on one fixed draw, apart from the training
// iterations' streams (0, 1, 2, ...).
constexpr std::uint64_t kEvaluationStream = 0x6576616c75617465ull;  // "evaluate"
constexpr int kEvaluationProjections = 256;
}  // namespace

DeformRun run_deform(const mesh::TriangleMesh& source, const mesh::TriangleMesh& target, deform::DeformOptions o,
                     int iterations, int metric_samples, Backend backend_choice, const DeformHook& hook) {
  // Resolved once the inputs are known good, so that a bad file is the only line on stderr.
  const Backend backend = resolve_backend(backend_choice);
  o.sw_runner = make_projection_runner(backend);
  if (backend == Backend::Cuda) o.mlp_factory = [](const deform::MlpOptions& m) { return make_mlp_field(Backend::Cuda, m); };
  deform::DeformTrainer trainer(source, target, o);
  DeformRun run;
  run.chamfer_before = mesh::chamfer(source, target, metric_samples, o.seed);
  run.loss_before = trainer.evaluate_loss(kEvaluationProjections, kEvaluationStream);
  for (int k = 0; k < iterations; ++k) {
    const deform::DeformIteration it = trainer.step();
    run.seconds += it.seconds;
    if (hook && !hook(it, k + 1, run.seconds))
      throw Cancelled("deformation stopped by its caller after " + std::to_string(k + 1) + " iterations");
  }
  run.iterations = iterations;
  run.loss_after = trainer.evaluate_loss(kEvaluationProjections, kEvaluationStream);
  run.result = trainer.deformed_mesh(1.0f);
  run.chamfer_after = mesh::chamfer(run.result, target, metric_samples, o.seed);
  run.hausdorff = mesh::hausdorff(run.result, target, metric_samples, o.seed);
  run.intersections = mesh::self_intersections(run.result);
  run.flipped = mesh::flipped_faces(source, run.result);
  run.learning_rate = trainer.options().learning_rate;
  run.parameters = trainer.field().parameter_count();
  run.backend = backend == Backend::Cuda ? std::string("CUDA (") + cuda_status().device + ")" : std::string("CPU");
  return run;
}

}  // namespace monge
