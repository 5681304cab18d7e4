// {"kind": "mesh-deformation", "field": "mlp", "steps": 8, "projections": 64, "measure": "vertices", ...}
// Each flow step is one training iteration of solvers/deform (arXiv 2305.17555); the state's
// points are the source vertices carried to t = 1 by the current field, and state.path holds
// them at t = k / steps so that the app can scrub t and draw vertex trajectories.
#include <memory>

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
  void reset() override { trainer_ = std::make_unique<deform::DeformTrainer>(source_, target_, options_); }

  void initialize(FlowState& state) override {
    state.points = source_.vertices;
    state.path = trainer_->trajectory();
  }

  void step(FlowState& state) override {
    // The field's parameters are the flow's hidden state: after a reset or a resume from an
    // earlier timeline frame, replay the iterations up to state.step (exact: training is seeded).
    if (trainer_->iterations_done() != static_cast<int>(state.step)) {
      reset();
      while (trainer_->iterations_done() < static_cast<int>(state.step)) trainer_->step();
    }
    const deform::DeformIteration it = trainer_->step();
    state.path = trainer_->trajectory();
    state.points = state.path.back();
    diagnostics_.clear();
    diagnostics_.emplace_back("loss", it.loss);
    if (it.iteration % kChamferEvery == 0 || !chamfer_)
      chamfer_ = mesh::chamfer(trainer_->deformed_mesh(1.0f), target_, kChamferSamples, 0);
    diagnostics_.emplace_back("chamfer", *chamfer_);
  }

 private:
  mesh::TriangleMesh source_, target_;
  deform::DeformOptions options_;
  std::unique_ptr<deform::DeformTrainer> trainer_;
  Diagnostics diagnostics_;
  std::optional<double> chamfer_;
};

}  // namespace

std::unique_ptr<Flow> make_mesh_flow(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "field", "steps", "projections", "measure", "learning_rate", "hidden_width", "hidden_depth",
                  "activation", "samples", "kernel_lattice"});
  if (!scene.source_mesh) flow["kind"].fail("mesh-deformation needs a source of \"kind\": \"mesh\"");
  if (!scene.target_mesh) flow["kind"].fail("mesh-deformation needs a target of \"kind\": \"mesh\"");
  deform::DeformOptions o;
  o.field = deform::parse_field_kind(flow.choice_or("field", "mlp", {"mlp", "kernel"}), "flow.field");
  o.steps = static_cast<int>(flow.integer_or("steps", o.steps, 1, 256));
  o.projections = static_cast<int>(flow.integer_or("projections", o.projections, 1, 100000));
  o.measure = mesh::parse_mesh_measure_kind(flow.choice_or("measure", "vertices", {"vertices", "surface", "varifold"}));
  o.learning_rate = flow.number_or("learning_rate", 0.0, 0.0, 10.0);
  o.hidden_width = static_cast<int>(flow.integer_or("hidden_width", o.hidden_width, 4, 1024));
  o.hidden_depth = static_cast<int>(flow.integer_or("hidden_depth", o.hidden_depth, 1, 8));
  o.activation = deform::parse_activation(flow.choice_or("activation", "tanh", {"tanh", "softplus", "silu"}), "flow.activation");
  o.samples = static_cast<int>(flow.integer_or("samples", o.samples, 16, 10'000'000));
  o.kernel_lattice = static_cast<int>(flow.integer_or("kernel_lattice", o.kernel_lattice, 2, 64));
  o.seed = scene.seed;
  return std::make_unique<MeshDeformationFlow>(*scene.source_mesh, *scene.target_mesh, o);
}

}  // namespace monge
