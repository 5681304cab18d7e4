// The Gaussian world's flows of a scene (documented in docs/scenes.md, "Gaussian world", and
// docs/gaussian.md):
//   "gaussian-geodesic"    the W2 (BW or GBW_M) geodesic from the source Gaussian to the target one
//   "gaussian-barycentre"  the BW barycentre of the target mixture's components, by fixed point
//   "spd-batch-norm"       Riemannian batch normalisation of a random ill-conditioned batch (BW, AI)
//   "diffusion-forward"    the OU noising of the source mixture, a Wasserstein gradient flow
//   "diffusion-sampler"    the probability-flow ODE from the source noise to the target mixture,
//                          with the exact score or a field learned by flow matching
// The Gaussians and mixtures are read from the scene's measures (source_spec / target_spec), so
// the particles drawn and the closed forms computed are of the same laws.
#include <cmath>
#include <memory>

#include "app/scene/flow_factory.hpp"
#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/gaussian/barycentre_flow.hpp"
#include "solvers/gaussian/batch_norm_flow.hpp"
#include "solvers/gaussian/diffusion_forward_flow.hpp"
#include "solvers/gaussian/diffusion_sampler_flow.hpp"
#include "solvers/gaussian/geodesic_flow.hpp"
#include "solvers/gaussian/spd.hpp"

namespace monge {
namespace {

using gaussian::Gaussian;

// The measure `which` ("source" / "target") as a JsonNode, or a failure naming the flow kind.
JsonNode measure_node(const Scene& scene, const JsonNode& flow, const std::string& which) {
  const nlohmann::json& spec = which == "source" ? scene.source_spec : scene.target_spec;
  if (spec.is_null()) flow["kind"].fail(flow["kind"].string() + " needs a \"" + which + "\" measure in the scene");
  return JsonNode(spec, scene.file_label, which);
}

// A "gaussian" measure's mean (default 0) and cov (default I).
Gaussian gaussian_of(const JsonNode& spec, const JsonNode& flow, int d, const std::string& role) {
  if (spec["kind"].string() != "gaussian")
    spec["kind"].fail(flow["kind"].string() + " needs a measure of \"kind\": \"gaussian\" here (" + role + ")");
  Gaussian g{Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Identity(d, d)};
  if (spec.has("mean")) {
    const std::vector<double> m = spec["mean"].vector(d);
    g.mean = Eigen::Map<const Eigen::VectorXd>(m.data(), d);
  }
  if (spec.has("cov")) g.cov = spec["cov"].matrix(d, d);
  gaussian::require_spd(g.cov, d, spec.file() + ": " + spec.path() + ".cov");
  return g;
}

// A "gaussian-mixture" measure's components (a "gaussian" counts as one component).
std::vector<GaussianComponent> components_of(const JsonNode& spec, const JsonNode& flow, int d, const std::string& role) {
  const std::string kind = spec["kind"].string();
  if (kind == "gaussian") {
    const Gaussian g = gaussian_of(spec, flow, d, role);
    return {{1.0, g.mean, g.cov}};
  }
  if (kind != "gaussian-mixture")
    spec["kind"].fail(flow["kind"].string() + " needs a \"gaussian-mixture\" measure here (" + role + ")");
  std::vector<GaussianComponent> out;
  const JsonNode list = spec["components"];
  for (std::size_t k = 0; k < list.array_size(); ++k) {
    const JsonNode c = list.at(k);
    GaussianComponent g;
    g.weight = c.number_or("weight", 1.0, 0.0);
    const std::vector<double> m = c["mean"].vector(d);
    g.mean = Eigen::Map<const Eigen::VectorXd>(m.data(), d);
    g.cov = c.has("cov") ? c["cov"].matrix(d, d) : Eigen::MatrixXd::Identity(d, d);
    out.push_back(std::move(g));
  }
  return out;
}

// flow.metric ("bw" | "gbw") and flow.M: a d by d SPD matrix, or in 2D
// {"angle": degrees, "major": l1, "minor": l2} (numbers the GUI's flow panel edits).
gaussian::BuresMetric read_bures_metric(const JsonNode& flow, int d) {
  if (flow.choice_or("metric", "bw", {"bw", "gbw"}) == "bw") {
    if (flow.has("M")) flow["M"].fail("only used with \"metric\": \"gbw\"");
    return {};
  }
  const JsonNode node = flow["M"];
  Eigen::MatrixXd M;
  if (node.json().is_object()) {
    if (d != 2) node.fail("the {angle, major, minor} form is 2D; give a " + std::to_string(d) + "x" + std::to_string(d) + " matrix");
    node.only_keys({"angle", "major", "minor"});
    M = gaussian::matrix_from_axes(node.number_or("angle", 0.0, -360, 360) * M_PI / 180.0,
                                   node["major"].number(1e-6, 1e6), node["minor"].number(1e-6, 1e6));
  } else {
    M = node.matrix(d, d);
  }
  gaussian::require_spd(M, d, node.file() + ": " + node.path());
  return gaussian::BuresMetric(M);
}

gaussian::PlaneWindow read_window(const JsonNode& flow) {
  gaussian::PlaneWindow w;
  if (!flow.has("window")) return w;
  const std::vector<double> b = flow["window"].vector(4);
  if (!(b[2] > b[0]) || !(b[3] > b[1])) flow["window"].fail("expected [x0, y0, x1, y1] with x0 < x1 and y0 < y1");
  w.x0 = b[0], w.y0 = b[1], w.x1 = b[2], w.y1 = b[3];
  return w;
}

void require_planar(const JsonNode& flow, const Scene& scene) {
  if (scene.dim != 2) flow["kind"].fail(flow["kind"].string() + " is 2D only (the scene has dim " + std::to_string(scene.dim) + ")");
}

std::unique_ptr<Flow> make_geodesic(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "steps", "metric", "M"});
  const int d = scene.dim;
  gaussian::GeodesicOptions o;
  o.from = gaussian_of(measure_node(scene, flow, "source"), flow, d, "the geodesic's start");
  o.to = gaussian_of(measure_node(scene, flow, "target"), flow, d, "the geodesic's end");
  o.metric = read_bures_metric(flow, d);
  o.steps = static_cast<int>(flow.integer_or("steps", 120, 1, 1000000));
  return std::make_unique<gaussian::GaussianGeodesicFlow>(o, scene.source.points);
}

std::unique_ptr<Flow> make_barycentre(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "step", "substeps", "metric", "M"});
  const int d = scene.dim;
  gaussian::BarycentreFlowOptions o;
  o.start = gaussian_of(measure_node(scene, flow, "source"), flow, d, "where the iteration starts");
  const JsonNode target = measure_node(scene, flow, "target");
  if (target["kind"].string() != "gaussian-mixture")
    target["kind"].fail("gaussian-barycentre averages the components of a \"gaussian-mixture\" target");
  for (const GaussianComponent& c : components_of(target, flow, d, "the Gaussians to average")) {
    o.weights.push_back(c.weight);
    o.inputs.push_back({c.mean, c.cov});
  }
  o.metric = read_bures_metric(flow, d);
  o.eta = flow.number_or("step", 1.0, 1e-6, 1.0);
  o.substeps = static_cast<int>(flow.integer_or("substeps", 1, 1, 10000));
  return std::make_unique<gaussian::GaussianBarycentreFlow>(o, scene.source.points);
}

// flow.batch = {"count": 12, "condition": 100, "centre": [[...]]}
std::unique_ptr<Flow> make_batch_norm(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "metric", "batch", "spread", "steps"});
  const int d = scene.dim;
  gaussian::BatchNormFlowOptions o;
  o.metric = gaussian::parse_spd_metric(flow.choice_or("metric", "bw", {"bw", "ai"}), "flow.metric");
  int count = 12;
  double condition = 100;
  Eigen::MatrixXd centre = Eigen::MatrixXd::Identity(d, d);
  if (flow.has("batch")) {
    const JsonNode batch = flow["batch"];
    batch.only_keys({"count", "condition", "centre"});
    count = static_cast<int>(batch.integer_or("count", count, 2, 256));
    condition = batch.number_or("condition", condition, 1.0, 1e8);
    if (batch.has("centre")) {
      centre = batch["centre"].matrix(d, d);
      gaussian::require_spd(centre, d, batch.file() + ": " + batch.path() + ".centre");
    }
  }
  const std::uint64_t stream = mix64(0x7370642d62617463ull);  // "spd-batc"
  o.batch = gaussian::random_spd_batch(count, centre, condition, CounterRng(scene.seed, stream));
  o.target_spread = flow.number_or("spread", 0.0, 0.0, 1e6);
  o.steps = static_cast<int>(flow.integer_or("steps", 90, 1, 1000000));
  try {
    return std::make_unique<gaussian::SpdBatchNormFlow>(o, scene.source.points);
  } catch (const InputError& e) {
    const std::string what = e.what();
    if (what.rfind("spread:", 0) == 0) flow["spread"].fail(what.substr(8));
    throw;
  }
}

std::unique_ptr<Flow> make_diffusion_forward(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "dt", "window", "field_cells", "arrows", "arrow_scale"});
  require_planar(flow, scene);
  gaussian::DiffusionForwardOptions o;
  o.data = components_of(measure_node(scene, flow, "source"), flow, 2, "the data the noise starts from");
  o.dt = flow.number_or("dt", 0.02, 1e-6, 10.0);
  o.window = read_window(flow);
  o.field_cells = static_cast<int>(flow.integer_or("field_cells", 96, 4, 1024));
  o.arrows = static_cast<int>(flow.integer_or("arrows", 15, 2, 128));
  o.arrow_scale = flow.number_or("arrow_scale", 0.15, 0.0, 1e3);
  o.seed = scene.seed;
  return std::make_unique<gaussian::DiffusionForwardFlow>(o);
}

// flow.training = {"hidden_width": 64, "hidden_depth": 2, "activation": "silu", "batch": 256,
//                  "learning_rate": 2e-2, "final_learning_rate": 1e-3, "schedule": 3000,
//                  "t_min": 0.01, "scale": 2, "target": "stable"}
gaussian::FlowMatchingOptions read_training(const JsonNode& flow) {
  gaussian::FlowMatchingOptions o;
  if (!flow.has("training")) return o;
  const JsonNode t = flow["training"];
  t.only_keys({"hidden_width", "hidden_depth", "activation", "batch", "learning_rate", "final_learning_rate", "schedule",
               "t_min", "scale", "target"});
  o.hidden_width = static_cast<int>(t.integer_or("hidden_width", o.hidden_width, 1, 1024));
  o.hidden_depth = static_cast<int>(t.integer_or("hidden_depth", o.hidden_depth, 1, 8));
  o.activation = deform::parse_activation(t.choice_or("activation", "silu", {"tanh", "softplus", "silu"}),
                                          t.path() + ".activation");
  o.batch = static_cast<int>(t.integer_or("batch", o.batch, 1, 65536));
  o.learning_rate = t.number_or("learning_rate", o.learning_rate, 1e-9, 10.0);
  o.final_learning_rate = t.number_or("final_learning_rate", o.final_learning_rate, 1e-9, 10.0);
  o.schedule = static_cast<int>(t.integer_or("schedule", o.schedule, 1, 100000000));
  o.t_min = t.number_or("t_min", o.t_min, 1e-6, 1.0);
  o.scale = static_cast<float>(t.number_or("scale", o.scale, 1e-3, 1e3));
  o.stable_target = t.choice_or("target", "stable", {"stable", "conditional"}) == "stable";
  return o;
}

std::unique_ptr<Flow> make_diffusion_sampler(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "field", "horizon", "steps", "train_steps", "iterations_per_step", "training", "display_time",
                  "window", "field_cells", "arrows", "arrow_scale", "projections"});
  require_planar(flow, scene);
  if (!scene.target) flow["kind"].fail("diffusion-sampler needs a \"target\" measure: the data mixture");
  gaussian::DiffusionSamplerOptions o;
  o.data = components_of(measure_node(scene, flow, "target"), flow, 2, "the data the sampler should reach");
  o.learned = flow.choice_or("field", "exact", {"exact", "learned"}) == "learned";
  o.training = read_training(flow);
  o.training.horizon = flow.number_or("horizon", 4.0, 0.1, 50.0);
  if (!(o.training.t_min < o.training.horizon))
    flow["horizon"].fail("must exceed training.t_min (" + std::to_string(o.training.t_min) + ")");
  o.steps = static_cast<int>(flow.integer_or("steps", 80, 1, 100000));
  o.train_steps = static_cast<int>(flow.integer_or("train_steps", 0, 0, 10000000));
  o.iterations_per_step = static_cast<int>(flow.integer_or("iterations_per_step", 4, 1, 10000));
  o.display_time = flow.number_or("display_time", 0.5, 0.0, o.training.horizon);
  o.window = read_window(flow);
  o.field_cells = static_cast<int>(flow.integer_or("field_cells", 16, 4, 512));
  o.arrows = static_cast<int>(flow.integer_or("arrows", 15, 2, 128));
  o.arrow_scale = flow.number_or("arrow_scale", 0.15, 0.0, 1e3);
  o.projections = static_cast<int>(flow.integer_or("projections", 64, 1, 100000));
  o.seed = scene.seed;
  return std::make_unique<gaussian::DiffusionSamplerFlow>(o, scene.source.points, scene.target->points);
}

}  // namespace

std::unique_ptr<Flow> make_gaussian_flow(const JsonNode& flow, const Scene& scene) {
  const std::string kind = flow["kind"].string();
  try {
    if (kind == "gaussian-geodesic") return make_geodesic(flow, scene);
    if (kind == "gaussian-barycentre") return make_barycentre(flow, scene);
    if (kind == "spd-batch-norm") return make_batch_norm(flow, scene);
    if (kind == "diffusion-forward") return make_diffusion_forward(flow, scene);
    return make_diffusion_sampler(flow, scene);
  } catch (const InputError& e) {
    // Solver-side checks name the option ("steps: ...") but not the file: add both.
    const std::string what = e.what();
    if (what.rfind(scene.file_label + ":", 0) == 0) throw;
    throw InputError(scene.file_label + ": flow." + what);
  }
}

}  // namespace monge
