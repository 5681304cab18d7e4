// The divergence flows of a scene (documented in docs/scenes.md and docs/divergence.md):
//   "divergence-fit"  a Gaussian, mixture or particle model fitted live to a 2D target by
//                     gradient descent on a chosen divergence (solvers/divergence/divergence_fit.hpp)
//   "monge-gap"       an MLP map from the source samples to the target samples, fitted with the
//                     Monge gap as regulariser (solvers/divergence/monge_gap_flow.hpp)
// Sections: the target · the model's start · the grid · monge-gap · divergence-fit (the entry point)
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "app/scene/flow_factory.hpp"
#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/divergence/divergence_fit.hpp"
#include "solvers/divergence/monge_gap_flow.hpp"

namespace monge {
namespace {

const std::uint64_t kFlowTargetStream = mix64(0x666c6f77746172ull);  // "flowtar"
constexpr int kMaxKdeTargetPoints = 20000;  // the KDE target costs points × cells exponentials, once
constexpr int kMaxParticles = 5000;         // the particle KDE costs particles × cells per step
constexpr int kMaxMapSamples = 2000;        // the Monge gap solves samples² entries per step

Eigen::Vector2d vec2(const std::vector<double>& v) { return {v[0], v[1]}; }

// ---- the target

// flow.target: {"modes": K, "separation": s, "spread": σ, "balance": b, "weights": [...]}: K
// isotropic modes N(c_k, σ² I) on a circle, neighbours s apart (K = 2: on the x axis), weights
// ∝ b^k or as listed.
std::vector<GaussianComponent> read_flow_target(const JsonNode& t) {
  t.only_keys({"modes", "separation", "spread", "balance", "weights"});
  const int K = static_cast<int>(t.integer_or("modes", 2, 1, 16));
  const double separation = t.number_or("separation", 4.0, 0.0, 1e4);
  const double spread = t.number_or("spread", 0.5, 1e-3, 1e4);
  if (t.has("weights") && t.has("balance")) t["weights"].fail("give either weights or balance, not both");
  std::vector<double> weights(K);
  if (t.has("weights")) {
    weights = t["weights"].vector(K);
    for (int k = 0; k < K; ++k)
      if (!(weights[k] > 0)) t["weights"].fail("every weight must be positive");
  } else {
    const double balance = t.number_or("balance", 1.0, 1e-3, 1e3);
    for (int k = 0; k < K; ++k) weights[k] = std::pow(balance, k);
  }
  const double radius = K > 1 ? separation / (2.0 * std::sin(M_PI / K)) : 0.0;
  std::vector<GaussianComponent> out;
  for (int k = 0; k < K; ++k) {
    const double angle = M_PI + 2.0 * M_PI * k / K;  // mode 0 on the left
    out.push_back({weights[k], Eigen::Vector2d(radius * std::cos(angle), radius * std::sin(angle)),
                   spread * spread * Eigen::Matrix2d::Identity()});
  }
  return out;
}

// The scene's target measure as a density: exact when its spec is a gaussian or a
// gaussian-mixture, else the KDE of its points.
DivergenceTarget scene_target(const Scene& scene, const JsonNode& flow, int samples) {
  const JsonNode spec(scene.target_spec, scene.file_label, "target");
  const std::string kind = spec.has("kind") ? spec["kind"].string() : "";
  DivergenceTarget t;
  if (kind == "gaussian" || kind == "gaussian-mixture") {
    std::vector<GaussianComponent> c;
    auto one = [&](const JsonNode& node, double weight) {
      GaussianComponent g{weight, Eigen::Vector2d::Zero(), Eigen::Matrix2d::Identity()};
      if (node.has("mean")) g.mean = vec2(node["mean"].vector(2));
      if (node.has("cov")) g.cov = node["cov"].matrix(2, 2);
      return g;
    };
    if (kind == "gaussian") {
      c.push_back(one(spec, 1.0));
    } else {
      for (std::size_t k = 0; k < spec["components"].array_size(); ++k) {
        const JsonNode node = spec["components"].at(k);
        const double w = node.number_or("weight", 1.0, 0.0);
        if (!(w > 0)) node["weight"].fail("the divergence-fit flow needs positive weights (log p must be finite)");
        c.push_back(one(node, w));
      }
    }
    t.density = Mixture2D::from_components(c, "target.components");
    t.modes = static_cast<int>(c.size());
  } else {
    const Measure& m = *scene.target;
    if (m.size() > kMaxKdeTargetPoints)
      flow.fail("the KDE of a target of " + std::to_string(m.size()) + " points is evaluated exactly on the grid: at most " +
                std::to_string(kMaxKdeTargetPoints) + " points (use a smaller target.count)");
    const double h = flow.number_or("target_bandwidth", 0.0, 0.0, 1e4);
    t.density = kde_mixture(m.points, m.weights, h > 0 ? h : scott_rule_bandwidth(m.points));
  }
  const int M = std::min(samples, scene.target->size());
  t.samples = scene.target->points.topRows(M);  // the scene's samples are i.i.d.: any M of them are a sample
  return t;
}

DivergenceTarget read_target(const JsonNode& flow, const Scene& scene, int samples) {
  if (flow.has("target")) {
    if (scene.target) flow["target"].fail("the scene has a \"target\" measure too: give the target in one place");
    const JsonNode node = flow["target"];
    if (!node.json().is_object()) node.fail("expected an object such as {\"modes\": 2, \"separation\": 4}");
    const std::vector<GaussianComponent> c = read_flow_target(node);
    DivergenceTarget t;
    t.density = Mixture2D::from_components(c, node.path());
    t.modes = static_cast<int>(c.size());
    t.samples = sample_gaussian_mixture(samples, c, CounterRng(scene.seed, kFlowTargetStream));
    return t;
  }
  if (!scene.target) flow.fail("the divergence-fit flow needs a target: a \"target\" measure in the scene, or flow.target");
  return scene_target(scene, flow, samples);
}

// ---- the model's start

// Mean and covariance (1/N) of the source points.
GaussianComponent moments(const Points& X) {
  const Eigen::MatrixXd D = X.cast<double>();
  const Eigen::RowVectorXd m = D.colwise().mean();
  const Eigen::MatrixXd C = D.rowwise() - m;
  return {1.0, m.transpose(), (C.transpose() * C) / static_cast<double>(X.rows())};
}

// gaussian: the source's moments. mixture: K components with half the source's covariance,
// equal weights, means spread evenly on the source's one-standard-deviation ellipse (angles
// 2πk/K; every component starts in a different direction, so none starts on top of another).
Mixture2D start_model(const JsonNode& flow, const Points& source, int K) {
  if (source.rows() < 2) flow.fail("the model starts from the source measure's moments: it needs at least 2 points");
  GaussianComponent g = moments(source);
  g.cov += 1e-9 * g.cov.trace() * Eigen::Matrix2d::Identity();
  const double det = g.cov(0, 0) * g.cov(1, 1) - g.cov(0, 1) * g.cov(1, 0);
  if (!(g.cov(0, 0) > 0) || !(det > 0)) flow.fail("the source's covariance is singular: the model cannot start there");
  Eigen::Matrix2d L;  // Cholesky factor of the source's covariance
  L << std::sqrt(g.cov(0, 0)), 0, g.cov(1, 0) / std::sqrt(g.cov(0, 0)), std::sqrt(det / g.cov(0, 0));
  if (K == 1) return Mixture2D::from_components({g}, "source");
  std::vector<GaussianComponent> c;
  for (int k = 0; k < K; ++k) {
    const double angle = 2.0 * M_PI * k / K;
    c.push_back({1.0, g.mean + L * Eigen::Vector2d(std::cos(angle), std::sin(angle)), 0.5 * g.cov});
  }
  return Mixture2D::from_components(c, "source");
}

// ---- the grid

// flow.grid {"nx": 128, "ny": nx, "bounds": [x0, y0, x1, y1]}; default bounds: a square holding
// the source, every target mode 4 standard deviations out, and the target as a whole 4 of its
// overall standard deviations out (where a mode-covering fit ends: mass it puts outside the grid
// counts against it), with a 10% margin.
QuadratureGrid read_grid(const JsonNode& flow, const DivergenceTarget& target, const Points& source) {
  QuadratureGrid g;
  JsonNode node = flow;
  if (flow.has("grid")) {
    node = flow["grid"];
    node.only_keys({"nx", "ny", "bounds"});
    g.nx = static_cast<int>(node.integer_or("nx", 128, 4, 4096));
    g.ny = static_cast<int>(node.integer_or("ny", g.nx, 4, 4096));
  }
  if (flow.has("grid") && node.has("bounds")) {
    const std::vector<double> b = node["bounds"].vector(4);
    if (!(b[0] < b[2] && b[1] < b[3])) node["bounds"].fail("expected [x0, y0, x1, y1] with x0 < x1 and y0 < y1");
    g.x0 = b[0], g.y0 = b[1], g.x1 = b[2], g.y1 = b[3];
    return g;
  }
  Eigen::Vector2d lo = source.colwise().minCoeff().transpose().cast<double>();
  Eigen::Vector2d hi = source.colwise().maxCoeff().transpose().cast<double>();
  auto hold = [&](const Eigen::Vector2d& mean, const Eigen::Matrix2d& cov) {
    const Eigen::Vector2d reach = 4.0 * cov.diagonal().cwiseSqrt();
    lo = lo.cwiseMin(mean - reach);
    hi = hi.cwiseMax(mean + reach);
  };
  if (target.modes > 0)
    for (const auto& k : target.density.components()) hold(k.mean, k.cov);
  hold(target.density.overall_mean(), target.density.overall_covariance());
  const Eigen::Vector2d centre = 0.5 * (lo + hi);
  const double half = 0.55 * (hi - lo).maxCoeff();
  g.x0 = centre[0] - half, g.x1 = centre[0] + half, g.y0 = centre[1] - half, g.y1 = centre[1] + half;
  return g;
}

// ---- monge-gap

std::unique_ptr<Flow> make_monge_gap_flow(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "lambda", "eps", "learning_rate", "map", "width", "depth", "activation", "init_scale", "tol",
                  "max_iter", "checkpoint_every"});
  if (scene.dim != 2) flow.fail("the monge-gap flow is 2D");
  if (!scene.target) flow.fail("the monge-gap flow needs a \"target\" measure in the scene");
  for (const Measure* m : {&scene.source, &*scene.target})
    if (m->size() > kMaxMapSamples)
      flow.fail("the Monge gap solves samples² plan entries per step: at most " + std::to_string(kMaxMapSamples) +
                " source and target points, got " + std::to_string(m->size()));
  MongeGapFlowOptions o;
  MongeGapOptions& t = o.trainer;
  t.lambda = flow.number_or("lambda", 1.0, 0.0, 1e6);
  t.eps = flow.number_or("eps", 0.05, 1e-6, 1e6);
  t.learning_rate = flow.number_or("learning_rate", 1e-2, 1e-9, 10.0);
  t.residual = flow.choice_or("map", "residual", {"residual", "plain"}) == "residual";
  t.width = static_cast<int>(flow.integer_or("width", 32, 1, 1024));
  t.depth = static_cast<int>(flow.integer_or("depth", 2, 1, 16));
  t.activation = deform::parse_activation(flow.choice_or("activation", "tanh", {"tanh", "softplus", "silu"}), "flow.activation");
  t.init_scale = static_cast<float>(flow.number_or("init_scale", t.residual ? 0.01 : 1.0, 0.0, 100.0));
  t.tol = flow.number_or("tol", 1e-5, 0.0, 1.0);
  t.max_iter = static_cast<int>(flow.integer_or("max_iter", 50, 1, 10'000'000));
  t.seed = scene.seed;
  o.checkpoint_every = static_cast<int>(flow.integer_or("checkpoint_every", 32, 1, 1'000'000));
  // Both measures Gaussian: the closed-form optimal map, for the map_error diagnostic.
  auto gaussian = [&](const nlohmann::json& spec, Eigen::VectorXd& m, Eigen::MatrixXd& S) {
    if (!spec.is_object() || spec.value("kind", "") != "gaussian") return false;
    const JsonNode node(spec, scene.file_label, "");
    m = node.has("mean") ? Eigen::VectorXd(vec2(node["mean"].vector(2))) : Eigen::VectorXd::Zero(2);
    S = node.has("cov") ? node["cov"].matrix(2, 2) : Eigen::MatrixXd::Identity(2, 2);
    return true;
  };
  Eigen::VectorXd m1, m2;
  Eigen::MatrixXd S1, S2;
  if (gaussian(scene.source_spec, m1, S1) && gaussian(scene.target_spec, m2, S2)) o.reference = gaussian_ot_map(m1, S1, m2, S2);
  try {
    return std::make_unique<MongeGapFlow>(scene.source.points, scene.target->points, std::move(o));
  } catch (const InputError& e) {
    flow.fail(e.what());
  }
}

}  // namespace

// ---- divergence-fit

std::unique_ptr<Flow> make_divergence_flow(const JsonNode& flow, const Scene& scene) {
  if (flow["kind"].string() == "monge-gap") return make_monge_gap_flow(flow, scene);
  flow.only_keys({"kind", "divergence", "alpha", "model", "components", "step", "target", "grid", "bandwidth",
                  "target_bandwidth", "samples", "target_samples", "projections", "eps", "tol", "max_iter"});
  if (scene.dim != 2) flow.fail("the divergence-fit flow is 2D (its densities live on a planar grid)");
  DivergenceFitOptions o;
  int count = 0;
  const char* const* names = divergence_names(&count);
  o.divergence = parse_divergence(flow.choice_or("divergence", "reverse-kl", std::vector<std::string>(names, names + count)),
                                  "flow.divergence");
  o.alpha = flow.number_or("alpha", 0.5, 0.0, 1.0);
  o.step = flow.number_or("step", 0.1, 1e-9, 1e3);
  o.samples = static_cast<int>(flow.integer_or("samples", 256, 1, 20000));
  o.sample.projections = static_cast<int>(flow.integer_or("projections", 64, 1, 100000));
  o.sample.eps = flow.number_or("eps", 0.1, 1e-6, 1e6);
  o.sample.tol = flow.number_or("tol", 1e-5, 0.0, 1.0);
  o.sample.max_iter = static_cast<int>(flow.integer_or("max_iter", 50, 1, 10'000'000));
  o.seed = o.sample.seed = scene.seed;
  const ModelKind model = parse_model(flow.choice_or("model", "gaussian", {"gaussian", "mixture", "particles"}), "flow.model");
  const int components = static_cast<int>(flow.integer_or("components", 3, 1, 16));
  if (model != ModelKind::Mixture && flow.has("components")) flow["components"].fail("only the mixture model has components");
  if (model != ModelKind::Particles && flow.has("bandwidth")) flow["bandwidth"].fail("only the particle model has a bandwidth");
  const int target_samples = static_cast<int>(flow.integer_or("target_samples", 512, 1, 20000));
  DivergenceTarget target = read_target(flow, scene, target_samples);
  const Points& source = scene.source.points;
  o.grid = read_grid(flow, target, source);
  try {
    if (model == ModelKind::Particles) {
      if (source.rows() > kMaxParticles)
        flow["model"].fail("particles: the source has " + std::to_string(source.rows()) + " points, at most " +
                           std::to_string(kMaxParticles) + " (the KDE costs particles × cells per step)");
      const double h = flow.number_or("bandwidth", 0.0, 0.0, 1e4);
      o.bandwidth = h > 0 ? h : scott_rule_bandwidth(source);
      return std::make_unique<DivergenceFitFlow>(std::move(target), o);
    }
    return std::make_unique<DivergenceFitFlow>(std::move(target),
                                               start_model(flow, source, model == ModelKind::Mixture ? components : 1), o);
  } catch (const InputError& e) {
    // The solver names the option ("alpha: must be ..."): put the flow's path in front.
    flow.fail(e.what());
  }
}

}  // namespace monge
