#pragma once
// Training the ODE mesh deformation of arXiv 2305.17555: a velocity field v_theta(x, t) whose flow
// from t = 0 to 1 (RK4, `steps` steps) carries the source mesh onto the target, theta fitted by
// Adam to minimise SW_2^2 between the deformed source measure and the target measure.
//
// One iteration (step()):
//   1. integrate the source vertices from t = 0 to 1 (RK4, tape kept);
//   2. turn the deformed mesh into a measure (solvers/mesh/mesh_measure.hpp):
//        vertices  the deformed vertices, uniform weights;
//        surface   `samples` points drawn on the DEFORMED faces with probability proportional to
//                  their current area (fresh draw every iteration, stream = iteration), placed by
//                  their barycentric coordinates on the deformed vertices. The gradient flows
//                  through the barycentric positions (exact: they are linear in the vertices);
//                  the discrete choice of faces carries none, as in PyTorch3D's sampler. We move
//                  the vertices and re-evaluate the samples, rather than flow the samples
//                  themselves, so the cost scales with V and the loss is about the mesh that is
//                  output;
//        varifold  face centroids and normals of the deformed vertices (6D, normal weight w fixed
//                  from the target), area weights; gradient through centroids and normals by the
//                  mesh helper's VJP, the weights held fixed (SW has no weight gradient);
//   3. SW_2^2 to the fixed target measure with `projections` fresh Monte Carlo directions
//      (CounterRng(seed, stream = iteration)) and its gradient w.r.t. the measure's points;
//   4. chain to the vertices, back-propagate through the RK4 stages (exact discrete adjoint);
//   5. one Adam step on theta, at the learning rate of the schedule (training_schedule.hpp);
//   6. every `schedule.check_every` iterations, the monitored loss (fixed directions and samples)
//      on the same deformed vertices, which tells the schedule when to lower the rate and when
//      the training is done (stop_reason()).
// The field is normalised by the meshes' size: center = centre of the source's bounding box,
// scale = half the larger bounding-box diagonal of source and target (mlp_field.hpp), so the
// defaults work for meshes in any units.
//
// Not thread-safe: call step(), deform() etc. from one thread (the GUI trains on its worker thread
// and copies what it draws).
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "solvers/deform/adam.hpp"
#include "solvers/deform/mlp_field.hpp"
#include "solvers/deform/rk4.hpp"
#include "solvers/deform/training_schedule.hpp"
#include "solvers/deform/velocity_field.hpp"
#include "solvers/mesh/mesh.hpp"
#include "solvers/mesh/mesh_measure.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

namespace monge::deform {

enum class FieldKind { Mlp, Kernel };
// "mlp", "kernel".
const char* field_kind_name(FieldKind kind);
// Throws InputError("<what>: expected one of mlp, kernel, got '...'").
FieldKind parse_field_kind(const std::string& name, const std::string& what);

// How each iteration draws its SW directions (the monitored loss uses the same scheme):
//   qmc  low-discrepancy sets under a fresh random rotation: the Fibonacci sphere for 3D measures
//        (vertices, surface), random orthogonal frames for the 6D varifold (directions.hpp). The
//        estimate and its gradient vary far less than with independent directions, which is what
//        lets subtle differences (a torus and a twisted torus) train at all.
//   mc   independent uniform directions (the paper's Monte Carlo).
// The loss reported before and after training (evaluate_loss) always uses Monte Carlo directions.
enum class TrainingDirections { QuasiMonteCarlo, MonteCarlo };
const char* training_directions_name(TrainingDirections d);  // "qmc", "mc"
TrainingDirections parse_training_directions(const std::string& name, const std::string& what);

struct DeformOptions {
  int steps = 8;              // RK4 steps from t = 0 to 1: 32 field evaluations, error ~ h^4
  int projections = 64;       // SW directions per iteration (fresh each iteration)
  TrainingDirections directions = TrainingDirections::QuasiMonteCarlo;
  // The measure; nullopt ("auto"): choose_measure(source, target). After construction,
  // trainer.options().measure holds the one in use.
  std::optional<mesh::MeshMeasureKind> measure;
  FieldKind field = FieldKind::Mlp;
  double learning_rate = 0;   // Adam, after warm-up; 0 picks the field's default (default_learning_rate)
  ScheduleOptions schedule;   // warm-up, plateau detection, learning-rate decay, stopping
  // mlp
  int hidden_width = 64;
  int hidden_depth = 3;
  Activation activation = Activation::Tanh;
  // MlpOptions::input_frequency: the first layer starts 6x steeper in x, y, z than Glorot's, so
  // the field can vary on the scale of a torus's tube or a blob's lobe from the start (measured on
  // bench/deform_eval.cpp: torus -> twisted torus 10x in a third of the iterations).
  float input_frequency = 6.0f;
  // kernel
  int kernel_lattice = 6;     // control points along the longest side of the padded bounding box
  float kernel_width = 0;     // Gaussian width in mesh units; 0: 1.5 lattice spacings
  int kernel_time_knots = 1;  // 1: stationary field (kernel_field.hpp)
  // measures
  int samples = 4096;         // surface: samples of each measure
  float normal_weight = 0;    // varifold: w (mesh units); 0: default_varifold_normal_weight(target)
  std::uint64_t seed = 0;     // field initialisation, SW directions, surface samples
  // Where the work runs (solvers/backend: make_mlp_field, make_projection_runner). Empty: the CPU
  // MlpField and the SW engine's own threads.
  std::function<std::unique_ptr<VelocityField>(const MlpOptions&)> mlp_factory;
  std::shared_ptr<ProjectionRunner> sw_runner;
};

// "auto": the vertex measure (the paper's, and on tori with matching parametrisations by far the
// best, bench/deform_eval_results.md) unless the vertices of either mesh are spread far from its
// area (mesh::vertex_area_imbalance above kMeasureImbalance): then the vertex measure asks the
// flow to crowd the source's vertices like the target's, which folds thin triangles, and the
// varifold (area weights, normals) is used.
constexpr double kMeasureImbalance = 0.25;
mesh::MeshMeasureKind choose_measure(const mesh::TriangleMesh& source, const mesh::TriangleMesh& target);
// "auto" (nullopt) or a mesh measure name; throws InputError naming `what` otherwise.
std::optional<mesh::MeshMeasureKind> parse_measure_choice(const std::string& name, const std::string& what);

// 3e-3 for the MLP (its output is scaled by the mesh size, so parameters are O(1)); 1e-2 for the
// kernel field (momenta in units of the scale, which start at zero).
double default_learning_rate(FieldKind kind);

struct DeformIteration {
  int iteration = 0;          // index of this iteration (0 for the first)
  double loss = 0;            // SW_2^2 estimate before the update (this iteration's directions); NaN on a fold
  double monitored = 0;       // SW_2^2 with the fixed directions, NaN when not checked this time
  double learning_rate = 0;   // the rate of this iteration's update
  double seconds = 0;         // wall time of the iteration
  double elapsed = 0;         // wall time of all iterations so far, this one included
  StopReason stop = StopReason::None;  // set on the iteration after which the schedule stops
  bool folded = false;        // the flow folded the mesh: parameters rolled back (see step())
};

// What train() did.
struct TrainingRun {
  int iterations = 0;       // iterations run by this call
  double seconds = 0;       // their wall time
  StopReason stop = StopReason::None;
  std::string stop_message;  // PlateauSchedule::stop_message()
};

class DeformTrainer {
 public:
  // Validates the options (InputError naming the option: "steps: ...") and the meshes, builds the
  // target measure and the field, theta = field.initial_parameters(seed).
  DeformTrainer(const mesh::TriangleMesh& source, const mesh::TriangleMesh& target, const DeformOptions& options);

  // One training iteration (see the top of this file). It trains even after the schedule has
  // stopped (call resume() first to re-arm the stopping rule).
  // Safeguards: the parameters of the forward pass with the lowest monitored loss are kept (a
  // checkpoint per check); when the schedule stops, they become the parameters, so the result is
  // the best state seen rather than the last noisy step. A fold (a face flipped at a check, or
  // non-finite points) means the RK4 steps no longer resolve the field and the map is no longer a
  // diffeomorphism: the parameters go back to the checkpoint, Adam restarts, and the schedule
  // lowers the rate (or stops, StopReason::Folding, at the lowest one).
  DeformIteration step();
  int folds() const { return folds_; }
  int iterations_done() const { return iterations_; }
  // Why the schedule stopped (None while training), and that as a sentence for people.
  StopReason stop_reason() const { return schedule_.stop_reason(); }
  std::string stop_message() const { return schedule_.stop_message(); }
  // Continue past a stop: a fresh patience window and iteration / time budget (training_schedule.hpp).
  void resume() { schedule_.resume(iterations_, elapsed_); }
  const PlateauSchedule& schedule() const { return schedule_; }
  double elapsed() const { return elapsed_; }

  // SW_2^2 between the current deformed source measure and the target, with `projections`
  // directions of stream `stream` (and, for surface measures, samples of that stream): the same
  // number before and after training for a fair comparison. No update.
  double evaluate_loss(int projections, std::uint64_t stream);

  // Source vertices carried by the current field from 0 to t in [0, 1], with ceil(t * steps) RK4
  // steps of equal size (exactly the training map at t = 1 and the trajectory at t = k / steps).
  Points deform(float t);
  // The source mesh with deform(t) as vertices.
  mesh::TriangleMesh deformed_mesh(float t = 1.0f);
  // steps + 1 snapshots of the source vertices at t = k / steps (the GUI draws and scrubs them).
  std::vector<Points> trajectory();

  const mesh::TriangleMesh& source() const { return source_; }
  const mesh::TriangleMesh& target() const { return target_; }
  const Measure& target_measure() const { return target_measure_; }
  const DeformOptions& options() const { return options_; }
  mesh::MeshMeasureKind measure() const { return measure_kind_; }  // resolved from options.measure
  VelocityField& field() { return *field_; }
  const Parameters& parameters() const { return theta_; }
  void set_parameters(const Parameters& theta);
  Rk4Integrator& integrator() { return rk4_; }

 private:
  // The measure of the mesh with vertices X (source faces) into measure_ (surface: samples of
  // `sample_stream`, kept in samples_ for the gradient).
  void source_measure(const Points& X, std::uint64_t sample_stream);
  // dL/dX from dL/d(measure points).
  void measure_gradient(const Points& X, const Points& grad_points, Points& grad_X);
  // SW_2^2 of the mesh with vertices X to the target with the fixed monitor directions/samples.
  double monitored_loss(const Points& X);
  // Faces of the source whose orientation is reversed at vertices X (N by 3).
  int flipped_faces(const Points& X) const;
  // SW options of a draw of `projections` directions from `stream` (training and monitor draws use
  // the training scheme, evaluate_loss Monte Carlo).
  SlicedOptions sliced_options(int projections, std::uint64_t stream, bool training) const;

  mesh::TriangleMesh source_, target_;
  DeformOptions options_;
  Measure target_measure_;
  float normal_weight_ = 0;
  DirectionScheme directions_ = DirectionScheme::MonteCarlo;  // resolved from options.directions
  mesh::MeshMeasureKind measure_kind_ = mesh::MeshMeasureKind::Vertices;  // resolved from options.measure
  std::unique_ptr<VelocityField> field_;
  Parameters theta_, grad_theta_;
  Adam adam_;
  Rk4Integrator rk4_;
  SlicedWasserstein sw_;
  PlateauSchedule schedule_;
  Parameters best_theta_;  // checkpoint: the parameters with the lowest monitored loss
  double best_monitored_ = std::numeric_limits<double>::infinity();
  Points source_normals_;  // F by 3 unit normals of the source, for the fold check
  int folds_ = 0;
  int iterations_ = 0;
  double elapsed_ = 0;
  // Per-iteration buffers (kept: no allocation after the first iteration).
  Points X_, grad_points_, grad_X_;
  Measure measure_;
  mesh::SurfaceSamples samples_;
};

// Steps `trainer` until its schedule stops it (nothing if it is stopped already: resume() first to
// train on), calling `on_iteration` after every iteration (progress lines, live plots).
TrainingRun train(DeformTrainer& trainer, const std::function<void(const DeformIteration&)>& on_iteration = {});

}  // namespace monge::deform
