#include "solvers/deform/deform_trainer.hpp"

#include <Eigen/Geometry>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/deform/kernel_field.hpp"
#include "solvers/mesh/mesh_geometry.hpp"
#include "solvers/mesh/mesh_io.hpp"

namespace monge::deform {

namespace {

// Random streams of the trainer's draws, apart from each other for any iteration number.
constexpr std::uint64_t kTargetSamples = 0x746172676574ull;  // "target"
// The monitored loss's directions and samples: one fixed draw for the whole training.
constexpr std::uint64_t kMonitorStream = 0x6d6f6e69746f72ull;  // "monitor"
std::uint64_t sample_stream(std::uint64_t stream) { return mix64(stream ^ 0x73616d706c6573ull); }  // "samples"

void check_range(const char* name, long long value, long long lo, long long hi) {
  if (value < lo || value > hi)
    throw InputError(std::string(name) + ": expected " + std::to_string(lo) + " to " + std::to_string(hi) +
                     ", got " + std::to_string(value));
}

std::unique_ptr<VelocityField> make_field(const DeformOptions& o, const mesh::TriangleMesh& source,
                                          const mesh::TriangleMesh& target) {
  const mesh::BoundingBox bs = mesh::bounding_box(source.vertices), bt = mesh::bounding_box(target.vertices);
  float scale = 0.5f * std::max(bs.diagonal(), bt.diagonal());
  if (!(scale > 0)) scale = 1.0f;
  if (o.field == FieldKind::Mlp) {
    MlpOptions m;
    m.width = o.hidden_width;
    m.depth = o.hidden_depth;
    m.activation = o.activation;
    m.input_frequency = o.input_frequency;
    m.center = bs.center();
    m.scale = scale;
    return o.mlp_factory ? o.mlp_factory(m) : std::make_unique<MlpField>(m);
  }
  KernelOptions k;
  float spacing = 0;
  k.control_points = lattice_control_points(bs.min.cwiseMin(bt.min), bs.max.cwiseMax(bt.max), o.kernel_lattice,
                                            0.1f, &spacing);
  k.width = o.kernel_width > 0 ? o.kernel_width : 1.5f * spacing;
  k.time_knots = o.kernel_time_knots;
  k.scale = scale;
  return std::make_unique<KernelField>(std::move(k));
}

}  // namespace

SlicedOptions DeformTrainer::sliced_options(int projections, std::uint64_t stream, bool training) const {
  SlicedOptions so;
  so.p = 2;
  so.projections = projections;
  so.seed = options_.seed;
  so.stream = stream;
  if (training) so.directions = directions_;
  return so;
}

const char* field_kind_name(FieldKind kind) { return kind == FieldKind::Mlp ? "mlp" : "kernel"; }

FieldKind parse_field_kind(const std::string& name, const std::string& what) {
  if (name == "mlp") return FieldKind::Mlp;
  if (name == "kernel") return FieldKind::Kernel;
  throw InputError(what + ": expected one of mlp, kernel, got '" + name + "'");
}

const char* training_directions_name(TrainingDirections d) { return d == TrainingDirections::MonteCarlo ? "mc" : "qmc"; }

TrainingDirections parse_training_directions(const std::string& name, const std::string& what) {
  if (name == "mc") return TrainingDirections::MonteCarlo;
  if (name == "qmc") return TrainingDirections::QuasiMonteCarlo;
  throw InputError(what + ": expected one of qmc, mc, got '" + name + "'");
}

mesh::MeshMeasureKind choose_measure(const mesh::TriangleMesh& source, const mesh::TriangleMesh& target) {
  const double imbalance = std::max(mesh::vertex_area_imbalance(source), mesh::vertex_area_imbalance(target));
  return imbalance > kMeasureImbalance ? mesh::MeshMeasureKind::Varifold : mesh::MeshMeasureKind::Vertices;
}

std::optional<mesh::MeshMeasureKind> parse_measure_choice(const std::string& name, const std::string& what) {
  if (name == "auto") return std::nullopt;
  try {
    return mesh::parse_mesh_measure_kind(name);
  } catch (const InputError& e) {
    throw InputError(what + ": expected auto, vertices, area, surface or varifold, got '" + name + "'");
  }
}

double default_learning_rate(FieldKind kind) { return kind == FieldKind::Mlp ? 3e-3 : 1e-2; }

DeformTrainer::DeformTrainer(const mesh::TriangleMesh& source, const mesh::TriangleMesh& target,
                             const DeformOptions& options)
    : source_(source), target_(target), options_(options) {
  check_range("steps", options.steps, 1, 1000);
  check_range("projections", options.projections, 1, 1000000);
  check_range("samples", options.samples, 1, 10000000);
  check_range("hidden width", options.hidden_width, 1, 4096);
  check_range("hidden depth", options.hidden_depth, 1, 64);
  check_range("kernel lattice", options.kernel_lattice, 2, 64);
  if (!(options.kernel_width >= 0) || !std::isfinite(options.kernel_width))
    throw InputError("kernel width: expected a non-negative number");
  if (!(options.normal_weight >= 0) || !std::isfinite(options.normal_weight))
    throw InputError("normal weight: expected a non-negative number");
  if (options_.learning_rate == 0) options_.learning_rate = default_learning_rate(options.field);
  mesh::validate_mesh(source_, "source");
  mesh::validate_mesh(target_, "target");
  if (!options_.measure) options_.measure = choose_measure(source_, target_);
  measure_kind_ = *options_.measure;

  normal_weight_ = options.normal_weight > 0 ? options.normal_weight : mesh::default_varifold_normal_weight(target_);
  mesh::MeshMeasureOptions mo;
  mo.surface_samples = options.samples;
  mo.seed = options.seed;
  mo.stream = kTargetSamples;
  mo.normal_weight = normal_weight_;
  target_measure_ = mesh::mesh_measure(target_, measure_kind_, mo);
  directions_ = options.directions == TrainingDirections::MonteCarlo ? DirectionScheme::MonteCarlo
                : target_measure_.dim() == 3                       ? DirectionScheme::QuasiMonteCarlo
                                                                   : DirectionScheme::Orthogonal;

  field_ = make_field(options_, source_, target_);
  sw_.set_runner(options_.sw_runner);
  theta_ = field_->initial_parameters(options.seed);
  grad_theta_.setZero(theta_.size());
  AdamOptions ao;
  ao.learning_rate = options_.learning_rate;
  adam_ = Adam(ao);
  schedule_ = PlateauSchedule(options_.schedule, options_.learning_rate);
  best_theta_ = theta_;
  source_normals_ = mesh::face_normals(source_.vertices, source_.faces);
}

void DeformTrainer::set_parameters(const Parameters& theta) {
  if (theta.size() != field_->parameter_count())
    throw InputError("parameters: expected " + std::to_string(field_->parameter_count()) + ", got " +
                     std::to_string(theta.size()));
  theta_ = theta;
  best_theta_ = theta;
  best_monitored_ = std::numeric_limits<double>::infinity();
  adam_.reset();
}

void DeformTrainer::source_measure(const Points& X, std::uint64_t stream) {
  switch (measure_kind_) {
    case mesh::MeshMeasureKind::Vertices:
      measure_.points = X;
      measure_.weights.resize(0);
      break;
    case mesh::MeshMeasureKind::Area:
      measure_ = mesh::area_vertex_measure(X, source_.faces);
      break;
    case mesh::MeshMeasureKind::Surface:
      samples_ = mesh::sample_surface(X, source_.faces, options_.samples, options_.seed, sample_stream(stream));
      measure_.points = mesh::evaluate_samples(X, source_.faces, samples_);
      measure_.weights.resize(0);
      break;
    case mesh::MeshMeasureKind::Varifold:
      measure_ = mesh::varifold_measure(X, source_.faces, normal_weight_);
      break;
  }
}

void DeformTrainer::measure_gradient(const Points& X, const Points& grad_points, Points& grad_X) {
  switch (measure_kind_) {
    case mesh::MeshMeasureKind::Vertices:
      grad_X = grad_points;
      break;
    case mesh::MeshMeasureKind::Area: {
      // Weights held fixed. The gradient at vertex i is its weight w_i times its displacement
      // towards the target; divided by V w_i, every vertex moves at the rate of the uniform
      // vertex measure, whatever its area (a diagonal preconditioner: small faces no longer lag
      // behind their neighbours and fold).
      grad_X.resize(X.rows(), 3);
      const float V = static_cast<float>(X.rows());
      for (Eigen::Index i = 0; i < X.rows(); ++i) {
        const float w = measure_.weights[i];
        const float scale = w > 0 ? 1.0f / (V * w) : 0.0f;
        for (int k = 0; k < 3; ++k) grad_X(i, k) = scale * grad_points(i, k);
      }
      break;
    }
    case mesh::MeshMeasureKind::Surface:
      grad_X.setZero(X.rows(), 3);
      mesh::scatter_sample_gradient(samples_, source_.faces, grad_points, grad_X, static_cast<int>(X.rows()));
      break;
    case mesh::MeshMeasureKind::Varifold:
      grad_X.setZero(X.rows(), 3);
      // Weights held fixed: the SW engine gives no gradient with respect to them.
      mesh::varifold_vjp(X, source_.faces, normal_weight_, grad_points, Eigen::VectorXf(), grad_X);
      break;
  }
}

int DeformTrainer::flipped_faces(const Points& X) const {
  const std::size_t faces = source_.faces.size() / 3;
  int flipped = 0;
  for (std::size_t f = 0; f < faces; ++f) {
    const std::int32_t* c = &source_.faces[3 * f];
    const Eigen::Vector3f e1 = (X.row(c[1]) - X.row(c[0])).transpose(), e2 = (X.row(c[2]) - X.row(c[0])).transpose();
    flipped += e1.cross(e2).dot(source_normals_.row(static_cast<Eigen::Index>(f))) < 0;
  }
  return flipped;
}

DeformIteration DeformTrainer::step() {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t stream = static_cast<std::uint64_t>(iterations_);
  DeformIteration it;
  it.iteration = iterations_;
  it.monitored = std::numeric_limits<double>::quiet_NaN();
  it.learning_rate = schedule_.learning_rate(iterations_);

  X_ = source_.vertices;
  rk4_.integrate(*field_, theta_, X_, 0.0f, 1.0f, options_.steps, true);
  // A fold: the flow's discretisation no longer follows the field (its steps are too long for how
  // fast the field turns) and the mesh folds, or the points blew up. The map is no longer a
  // diffeomorphism: go back to the best parameters seen and lower the rate.
  bool folded = !X_.allFinite();
  const bool check = schedule_.is_check(iterations_);
  if (!folded && check) folded = flipped_faces(X_) > 0;

  if (!folded) {
    source_measure(X_, stream);
    const SlicedOptions so = sliced_options(options_.projections, stream, true);
    const SlicedResult r = sw_.evaluate(measure_.points, measure_.weights, target_measure_.points,
                                        target_measure_.weights, so, &grad_points_);
    it.loss = r.value_pow;
    measure_gradient(X_, grad_points_, grad_X_);
    if (check) {
      it.monitored = monitored_loss(X_);
      if (it.monitored < best_monitored_) {  // the parameters of this forward pass: a checkpoint
        best_monitored_ = it.monitored;
        best_theta_ = theta_;
      }
    }
    grad_theta_.setZero();
    rk4_.backward(*field_, theta_, grad_X_, grad_theta_);
    adam_.set_learning_rate(it.learning_rate);
    adam_.step(theta_, grad_theta_);
  } else {
    it.loss = std::numeric_limits<double>::quiet_NaN();
    it.folded = true;
    ++folds_;
    theta_ = best_theta_;
    adam_.reset();
  }

  ++iterations_;
  it.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  elapsed_ += it.seconds;
  it.elapsed = elapsed_;
  it.stop = folded ? schedule_.fold(it.iteration) : schedule_.update(it.iteration, it.monitored, elapsed_);
  // Done: hand over the best parameters seen, not the last noisy step.
  if (it.stop != StopReason::None) theta_ = best_theta_;
  return it;
}

double DeformTrainer::monitored_loss(const Points& X) {
  source_measure(X, kMonitorStream);
  const SlicedOptions so = sliced_options(options_.schedule.monitor_projections, kMonitorStream, true);
  return sw_.evaluate(measure_.points, measure_.weights, target_measure_.points, target_measure_.weights, so)
      .value_pow;
}

double DeformTrainer::evaluate_loss(int projections, std::uint64_t stream) {
  check_range("projections", projections, 1, 1000000);
  X_ = source_.vertices;
  rk4_.integrate(*field_, theta_, X_, 0.0f, 1.0f, options_.steps);
  source_measure(X_, stream);
  const SlicedOptions so = sliced_options(projections, stream, false);
  return sw_.evaluate(measure_.points, measure_.weights, target_measure_.points, target_measure_.weights, so)
      .value_pow;
}

Points DeformTrainer::deform(float t) {
  if (!(t >= 0.0f && t <= 1.0f)) throw InputError("t: expected a number in [0, 1], got " + std::to_string(t));
  Points X = source_.vertices;
  if (t == 0.0f) return X;
  const int steps = std::max(1, static_cast<int>(std::ceil(double(t) * options_.steps - 1e-6)));
  rk4_.integrate(*field_, theta_, X, 0.0f, t, steps);
  return X;
}

mesh::TriangleMesh DeformTrainer::deformed_mesh(float t) {
  mesh::TriangleMesh m;
  m.vertices = deform(t);
  m.faces = source_.faces;
  return m;
}

std::vector<Points> DeformTrainer::trajectory() {
  std::vector<Points> snapshots;
  Points X = source_.vertices;
  rk4_.integrate(*field_, theta_, X, 0.0f, 1.0f, options_.steps, false, &snapshots);
  return snapshots;
}

TrainingRun train(DeformTrainer& trainer, const std::function<void(const DeformIteration&)>& on_iteration) {
  TrainingRun run;
  while (trainer.stop_reason() == StopReason::None) {
    const DeformIteration it = trainer.step();
    ++run.iterations;
    run.seconds += it.seconds;
    if (on_iteration) on_iteration(it);
  }
  run.stop = trainer.stop_reason();
  run.stop_message = trainer.stop_message();
  return run;
}

}  // namespace monge::deform
