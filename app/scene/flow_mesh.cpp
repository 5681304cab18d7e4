// {"kind": "mesh-deformation", "field": "mlp", "steps": 8, "projections": 64, "measure": "vertices",
//  "max_iterations": 3000, "patience": 100, ...}
// Each flow step is one training iteration of solvers/deform (arXiv 2305.17555); the state's
// points are the source vertices carried to t = 1 by the current field, and state.path holds
// them at t = k / steps so that the app can scrub t and draw vertex trajectories.
//
// Stopping (solvers/deform/training_schedule.hpp): the trainer's schedule decides when training
// is done. The step after which it stopped reports the diagnostic "stopped" = its StopReason
// code (1 plateau, 2 iteration cap, 3 time limit, 4 folding; 0 on every other step) and status() says when
// and why, so the GUI can pause there. Stepping a stopped flow again continues the training
// (the schedule's resume(): a fresh patience window and iteration budget), so "continue" is just
// play or step. Diagnostics per step: loss (this iteration's SW_2^2), monitored (the fixed-
// direction SW_2^2, last value repeated between checks), learning_rate, chamfer, stopped, folds
// (how many times the mesh folded and the parameters were rolled back, deform_trainer.hpp).
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "app/scene/flow_factory.hpp"
#include "base/errors.hpp"
#include "solvers/deform/deform_trainer.hpp"
#include "solvers/mesh/mesh_metrics.hpp"

namespace monge {
namespace {

// Chamfer distance to the target every this many iterations (45 ms at 10k vertices: too slow
// for every step, and the curve changes slowly); the last value is repeated in between.
constexpr int kChamferEvery = 20;
constexpr int kChamferSamples = 5000;

class MeshDeformationFlow final : public Flow {
 public:
  MeshDeformationFlow(mesh::TriangleMesh source, mesh::TriangleMesh target, deform::DeformOptions options)
      : source_(std::move(source)), target_(std::move(target)), options_(options) {
    trainer_ = std::make_unique<deform::DeformTrainer>(source_, target_, options_);
  }
  std::string kind() const override { return "mesh-deformation"; }
  double dt() const override { return 1.0; }  // one training iteration
  Diagnostics diagnostics() const override { return diagnostics_; }
  void reset() override {
    trainer_ = std::make_unique<deform::DeformTrainer>(source_, target_, options_);
    status_.clear();
    monitored_.reset();
    chamfer_.reset();
    loss_.reset();
    folds_ = 0;
  }
  std::string status() const override { return status_; }

  void initialize(FlowState& state) override {
    state.points = source_.vertices;
    state.path = trainer_->trajectory();
  }

  void step(FlowState& state) override {
    // The field's parameters are the flow's hidden state: after a reset or a resume from an
    // earlier timeline frame, replay the iterations up to state.step (exact: training is seeded,
    // and the replay resumes a stopped schedule exactly where the live run did, before a step).
    if (trainer_->iterations_done() != static_cast<int>(state.step)) {
      reset();
      while (trainer_->iterations_done() < static_cast<int>(state.step)) train_one();
    }
    const deform::DeformIteration it = train_one();
    state.path = trainer_->trajectory();
    state.points = state.path.back();
    if (it.iteration % kChamferEvery == 0 || !chamfer_ || it.stop != deform::StopReason::None)
      chamfer_ = mesh::chamfer(trainer_->deformed_mesh(1.0f), target_, kChamferSamples, 0);
    diagnostics_.clear();
    diagnostics_.emplace_back("loss", *loss_);
    diagnostics_.emplace_back("monitored", *monitored_);
    diagnostics_.emplace_back("learning_rate", it.learning_rate);
    diagnostics_.emplace_back("chamfer", *chamfer_);
    diagnostics_.emplace_back("stopped", static_cast<double>(it.stop));
    diagnostics_.emplace_back("folds", static_cast<double>(folds_));
    status_.clear();
    if (it.stop != deform::StopReason::None)
      status_ = "training stopped after iteration " + std::to_string(it.iteration + 1) + ": " + trainer_->stop_message() +
                " (step again to continue)";
  }

 private:
  // One iteration; a stopped schedule is resumed first: stepping again means "continue".
  deform::DeformIteration train_one() {
    if (trainer_->stop_reason() != deform::StopReason::None) trainer_->resume();
    const deform::DeformIteration it = trainer_->step();
    // A fold (rolled back) has no loss: the curves repeat the last values.
    if (std::isfinite(it.loss) || !loss_) loss_ = std::isfinite(it.loss) ? it.loss : 0.0;
    if (std::isfinite(it.monitored)) monitored_ = it.monitored;
    if (!monitored_) monitored_ = *loss_;
    folds_ = trainer_->folds();
    return it;
  }

  mesh::TriangleMesh source_, target_;
  deform::DeformOptions options_;
  std::unique_ptr<deform::DeformTrainer> trainer_;
  Diagnostics diagnostics_;
  std::string status_;
  std::optional<double> chamfer_, monitored_, loss_;
  int folds_ = 0;
};

}  // namespace

std::unique_ptr<Flow> make_mesh_flow(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "field", "steps", "projections", "measure", "learning_rate", "hidden_width", "hidden_depth",
                  "activation", "samples", "kernel_lattice", "max_iterations", "patience", "directions", "input_frequency"});
  if (!scene.source_mesh) flow["kind"].fail("mesh-deformation needs a source of \"kind\": \"mesh\"");
  if (!scene.target_mesh) flow["kind"].fail("mesh-deformation needs a target of \"kind\": \"mesh\"");
  deform::DeformOptions o;
  o.field = deform::parse_field_kind(flow.choice_or("field", "mlp", {"mlp", "kernel"}), "flow.field");
  o.steps = static_cast<int>(flow.integer_or("steps", o.steps, 1, 256));
  o.projections = static_cast<int>(flow.integer_or("projections", o.projections, 1, 100000));
  o.directions = deform::parse_training_directions(flow.choice_or("directions", "qmc", {"qmc", "mc"}), "flow.directions");
  o.measure = deform::parse_measure_choice(
      flow.choice_or("measure", "auto", {"auto", "vertices", "area", "surface", "varifold"}), "flow.measure");
  o.learning_rate = flow.number_or("learning_rate", 0.0, 0.0, 10.0);
  o.hidden_width = static_cast<int>(flow.integer_or("hidden_width", o.hidden_width, 4, 1024));
  o.hidden_depth = static_cast<int>(flow.integer_or("hidden_depth", o.hidden_depth, 1, 8));
  o.activation = deform::parse_activation(flow.choice_or("activation", "tanh", {"tanh", "softplus", "silu"}), "flow.activation");
  o.samples = static_cast<int>(flow.integer_or("samples", o.samples, 16, 10'000'000));
  o.input_frequency = static_cast<float>(flow.number_or("input_frequency", o.input_frequency, 1e-3, 1e3));
  o.kernel_lattice = static_cast<int>(flow.integer_or("kernel_lattice", o.kernel_lattice, 2, 64));
  o.schedule.max_iterations =
      static_cast<int>(flow.integer_or("max_iterations", o.schedule.max_iterations, 1, 10'000'000));
  o.schedule.patience = static_cast<int>(flow.integer_or("patience", o.schedule.patience, 1, 10'000'000));
  o.seed = scene.seed;
  return std::make_unique<MeshDeformationFlow>(*scene.source_mesh, *scene.target_mesh, o);
}

}  // namespace monge
