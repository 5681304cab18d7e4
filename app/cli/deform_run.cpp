#include "app/cli/deform_run.hpp"

#include <cmath>

#include "base/errors.hpp"

namespace monge {

DeformRun run_deform(const mesh::TriangleMesh& source, const mesh::TriangleMesh& target, deform::DeformOptions o,
                     int metric_samples, Backend backend_choice, const DeformHook& hook) {
  // Resolved once the inputs are known good, so that a bad file is the only line on stderr.
  const Backend backend = resolve_backend(backend_choice);
  o.sw_runner = make_projection_runner(backend);
  if (backend == Backend::Cuda) o.mlp_factory = [](const deform::MlpOptions& m) { return make_mlp_field(Backend::Cuda, m); };
  deform::DeformTrainer trainer(source, target, o);
  DeformRun run;
  run.result = deform::run_deformation(trainer, metric_samples, [&](const deform::DeformIteration& it) {
    if (hook && !hook(it, trainer))
      throw Cancelled("deformation stopped by its caller after " + std::to_string(it.iteration + 1) + " iterations");
  });
  const int iterations = run.result.training.iterations;
  run.learning_rate = trainer.options().learning_rate;
  run.final_learning_rate = trainer.schedule().learning_rate(std::max(0, iterations - 1));
  run.monitored_loss = std::isfinite(trainer.schedule().best()) ? trainer.schedule().best() : run.result.loss_before;
  run.folds = trainer.folds();
  run.measure = mesh::mesh_measure_kind_name(trainer.measure());
  run.parameters = trainer.field().parameter_count();
  run.backend = backend == Backend::Cuda ? std::string("CUDA (") + cuda_status().device + ")" : std::string("CPU");
  return run;
}

}  // namespace monge
