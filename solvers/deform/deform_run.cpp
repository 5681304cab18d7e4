#include "solvers/deform/deform_run.hpp"

namespace monge::deform {

DeformRunResult run_deformation(DeformTrainer& trainer, int metric_samples,
                                const std::function<void(const DeformIteration&)>& on_iteration) {
  DeformRunResult r;
  const std::uint64_t seed = trainer.options().seed;
  r.chamfer_before = mesh::chamfer(trainer.source(), trainer.target(), metric_samples, seed);
  r.loss_before = trainer.evaluate_loss(kEvaluationProjections, kEvaluationStream);
  r.training = train(trainer, on_iteration);
  r.loss_after = trainer.evaluate_loss(kEvaluationProjections, kEvaluationStream);
  r.output = trainer.deformed_mesh(1.0f);
  r.chamfer_after = mesh::chamfer(r.output, trainer.target(), metric_samples, seed);
  r.hausdorff = mesh::hausdorff(r.output, trainer.target(), metric_samples, seed);
  r.intersections = mesh::self_intersections(r.output);
  r.flipped = mesh::flipped_faces(trainer.source(), r.output);
  return r;
}

}  // namespace monge::deform
