// The free-energy flows of a scene (documented in docs/scenes.md, "Free-energy flows"):
//   "fokker-planck"  stochastic particles: potential, temperature, optional interaction
//   "aggregation"    deterministic particles driven by an interaction kernel (and a potential)
//   "porous-medium"  deterministic particles, internal energy by the blob method (m = 1: heat)
//   "jko-grid"       entropic JKO on a density grid (entropy / porous medium / congestion, obstacles)
// POTENTIAL, INTERACTION, grid and initial-density objects are read here; the solvers in
// solvers/energy/ validate the numbers again and their messages name the flow field.
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <utility>

#include "app/scene/flow_factory.hpp"
#include "base/errors.hpp"
#include "solvers/energy/barenblatt.hpp"
#include "solvers/energy/jko_grid.hpp"
#include "solvers/energy/particle_flow.hpp"

namespace monge {
namespace {

// {"kind": "none" | "quadratic" | "double-well" | "gaussian-mixture", ...}
Potential read_potential(const JsonNode& node, int d) {
  const std::string kind = node["kind"].choice({"none", "quadratic", "double-well", "gaussian-mixture"});
  if (kind == "none") {
    node.only_keys({"kind"});
    return Potential();
  }
  if (kind == "quadratic") {
    node.only_keys({"kind", "center", "matrix"});
    Eigen::VectorXd center = Eigen::VectorXd::Zero(d);
    if (node.has("center")) {
      const std::vector<double> c = node["center"].vector(d);
      center = Eigen::Map<const Eigen::VectorXd>(c.data(), d);
    }
    const Eigen::MatrixXd A = node.has("matrix") ? node["matrix"].matrix(d, d) : Eigen::MatrixXd::Identity(d, d);
    return Potential::quadratic(center, A, node.path());
  }
  if (kind == "double-well") {
    node.only_keys({"kind", "depth"});
    return Potential::double_well(node.number_or("depth", 1.0, 1e-9, 1e6), d);
  }
  node.only_keys({"kind", "components"});
  const JsonNode list = node["components"];
  std::vector<MixtureComponent> components;
  for (std::size_t k = 0; k < list.array_size(); ++k) {
    const JsonNode c = list.at(k);
    c.only_keys({"weight", "mean", "cov"});
    MixtureComponent mc;
    mc.weight = c.number_or("weight", 1.0, 1e-12, 1e12);
    const std::vector<double> mean = c["mean"].vector(d);
    mc.mean = Eigen::Map<const Eigen::VectorXd>(mean.data(), d);
    mc.cov = c.has("cov") ? c["cov"].matrix(d, d) : Eigen::MatrixXd::Identity(d, d);
    components.push_back(mc);
  }
  return Potential::gaussian_mixture(components, node.path());
}

// {"kind": "power-law" | "morse" | "newtonian", parameters..., "method", "mesh_cells", "exact_max"}
InteractionOptions read_interaction(const JsonNode& node, int d) {
  InteractionOptions o;
  InteractionKernel& k = o.kernel;
  k.dim = d;
  const std::string kind = node["kind"].choice({"power-law", "morse", "newtonian"});
  const std::vector<std::string> common = {"kind", "method", "mesh_cells", "exact_max"};
  auto keys = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), common.begin(), common.end());
    node.only_keys(extra);
  };
  if (kind == "power-law") {
    keys({"a", "b"});
    k.kind = KernelKind::PowerLaw;
    k.a = node.number_or("a", 2.0, 1e-6, 20);
    k.b = node.number_or("b", 0.0, -d + 1e-6, 20);
    if (!(k.b < k.a)) node["b"].fail("must be below a (" + std::to_string(k.a) + ")");
  } else if (kind == "morse") {
    keys({"ca", "la", "cr", "lr"});
    k.kind = KernelKind::Morse;
    k.ca = node.number_or("ca", 1.0, 0, 1e6);
    k.la = node.number_or("la", 1.0, 1e-6, 1e6);
    k.cr = node.number_or("cr", 0.5, 0, 1e6);
    k.lr = node.number_or("lr", 0.5, 1e-6, 1e6);
  } else {
    keys({"strength"});
    k.kind = KernelKind::Newtonian;
    k.strength = node.number_or("strength", 1.0, -1e6, 1e6);
  }
  o.method = parse_interaction_method(node.choice_or("method", "auto", {"auto", "exact", "mesh"}), node.path() + ".method");
  if (o.method == InteractionMethod::Mesh && d != 2) node["method"].fail("the particle mesh is 2D only; use exact or auto");
  o.mesh_cells = static_cast<int>(node.integer_or("mesh_cells", 256, 16, 2048));
  if ((o.mesh_cells & (o.mesh_cells - 1)) != 0) node["mesh_cells"].fail("must be a power of two");
  o.exact_max = static_cast<int>(node.integer_or("exact_max", 3000, 0, 1000000));
  return o;
}

std::unique_ptr<Flow> make_particle_flow(const JsonNode& flow, const Scene& scene, const std::string& kind) {
  const int d = scene.dim;
  ParticleFlowOptions o;
  o.kind = kind;
  if (kind == "fokker-planck") {
    flow.only_keys({"kind", "potential", "temperature", "dt", "interaction"});
    o.temperature = flow.number_or("temperature", 1.0, 0, 1e6);
    o.dt = flow.number_or("dt", 0.01, 1e-9, 1e3);
  } else if (kind == "aggregation") {
    flow.only_keys({"kind", "potential", "temperature", "dt", "interaction"});
    if (!flow.has("interaction")) flow.fail("the aggregation flow needs an \"interaction\" kernel");
    o.temperature = flow.number_or("temperature", 0.0, 0, 1e6);
    o.dt = flow.number_or("dt", 0.01, 1e-9, 1e3);
  } else {  // porous-medium (blob method)
    flow.only_keys({"kind", "potential", "temperature", "dt", "interaction", "m", "coefficient", "epsilon"});
    BlobOptions b;
    b.m = flow.number_or("m", 2.0, 1.0, 10.0);
    b.eps = flow.number_or("epsilon", 0.05, 1e-6, 1e3);
    o.blob = b;
    o.blob_coefficient = flow.number_or("coefficient", 1.0, 0, 1e6);
    o.temperature = flow.number_or("temperature", 0.0, 0, 1e6);
    o.dt = flow.number_or("dt", 0.001, 1e-9, 1e3);
    if (scene.source.size() > 20000)
      flow.fail("the blob method costs O(N^2) per step: use at most 20000 particles (source has " +
                std::to_string(scene.source.size()) + ")");
  }
  if (flow.has("potential")) o.potential = read_potential(flow["potential"], d);
  if (flow.has("interaction")) o.interaction = read_interaction(flow["interaction"], d);
  return std::make_unique<ParticleEnergyFlow>(o, scene.seed, scene.source.weights);
}

// flow.grid = {"nx": 128, "ny": 128, "bounds": [x0, y0, x1, y1]}
DensityGrid read_grid_geometry(const JsonNode& node) {
  node.only_keys({"nx", "ny", "bounds"});
  DensityGrid g;
  g.nx = static_cast<int>(node.integer_or("nx", 128, 4, 4096));
  g.ny = static_cast<int>(node.integer_or("ny", g.nx, 4, 4096));
  const std::vector<double> b = node["bounds"].vector(4);
  if (!(b[2] > b[0]) || !(b[3] > b[1])) node["bounds"].fail("expected [x0, y0, x1, y1] with x0 < x1 and y0 < y1");
  g.x0 = static_cast<float>(b[0]); g.y0 = static_cast<float>(b[1]);
  g.x1 = static_cast<float>(b[2]); g.y1 = static_cast<float>(b[3]);
  g.values.assign(static_cast<std::size_t>(g.nx) * g.ny, 0.0f);
  return g;
}

// The source measure binned onto the grid (nearest cell), as a density with the source's mass 1.
void bin_source(const JsonNode& flow, const Scene& scene, DensityGrid& g) {
  const Measure& m = scene.source;
  const Eigen::VectorXd p = m.probabilities();
  const double hx = double(g.x1 - g.x0) / g.nx, hy = double(g.y1 - g.y0) / g.ny;
  double outside = 0;
  for (int k = 0; k < m.size(); ++k) {
    const int i = static_cast<int>(std::floor((m.points(k, 0) - g.x0) / hx));
    const int j = static_cast<int>(std::floor((m.points(k, 1) - g.y0) / hy));
    if (i < 0 || j < 0 || i >= g.nx || j >= g.ny) {
      outside += p[k];
      continue;
    }
    g.values[static_cast<std::size_t>(j) * g.nx + i] += static_cast<float>(p[k] / (hx * hy));
  }
  if (outside > 0.01)
    flow["grid"]["bounds"].fail(std::to_string(outside * 100) + "% of the source mass lies outside the grid; enlarge the bounds");
  // Renormalise so the grid carries unit mass.
  double mass = 0;
  for (float v : g.values) mass += v * hx * hy;
  if (mass > 0)
    for (float& v : g.values) v = static_cast<float>(v / mass);
}

// flow.initial = "source" | {"kind": "barenblatt", "m": 2, "t0": 0.1, "center": [0, 0]}
//              | {"kind": "gaussian", "mean": [0, 0], "cov": [[...]]}
void read_initial(const JsonNode& flow, const Scene& scene, DensityGrid& g) {
  if (!flow.has("initial") || (flow["initial"].json().is_string() && flow["initial"].string() == "source")) {
    bin_source(flow, scene, g);
    return;
  }
  const JsonNode init = flow["initial"];
  if (init.json().is_string()) init.fail("expected \"source\" or an object with a \"kind\"");
  const std::string kind = init["kind"].choice({"barenblatt", "gaussian"});
  Eigen::Vector2d center = Eigen::Vector2d::Zero();
  if (kind == "barenblatt") {
    init.only_keys({"kind", "m", "t0", "center"});
    if (init.has("center")) { const auto c = init["center"].vector(2); center << c[0], c[1]; }
    const Barenblatt B(init.number_or("m", 2.0, 1.0 + 1e-6, 10.0), 2);
    const double t0 = init.number_or("t0", 0.1, 1e-9, 1e6);
    g = make_grid(g.nx, g.ny, g.x0, g.y0, g.x1, g.y1, [&](double x, double y) {
      const double q[2] = {x - center[0], y - center[1]};
      return B.density(t0, q);
    });
  } else {
    init.only_keys({"kind", "mean", "cov"});
    if (init.has("mean")) { const auto c = init["mean"].vector(2); center << c[0], c[1]; }
    const Eigen::Matrix2d cov = init.has("cov") ? Eigen::Matrix2d(init["cov"].matrix(2, 2)) : Eigen::Matrix2d::Identity();
    if (!(cov.determinant() > 0) || !(cov(0, 0) > 0)) init["cov"].fail("not positive definite");
    const Eigen::Matrix2d P = cov.inverse();
    const double norm = 1 / (2 * M_PI * std::sqrt(cov.determinant()));
    g = make_grid(g.nx, g.ny, g.x0, g.y0, g.x1, g.y1, [&](double x, double y) {
      const Eigen::Vector2d z(x - center[0], y - center[1]);
      return norm * std::exp(-0.5 * z.dot(P * z));
    });
  }
}

// flow.obstacles = [{"kind": "disk", "center": [x, y], "radius": r}, {"kind": "rect", "min": [..], "max": [..]}]
void read_obstacles(const JsonNode& list, DensityGrid& g) {
  g.obstacle.assign(g.values.size(), 0);
  const double hx = double(g.x1 - g.x0) / g.nx, hy = double(g.y1 - g.y0) / g.ny;
  for (std::size_t k = 0; k < list.array_size(); ++k) {
    const JsonNode o = list.at(k);
    const std::string kind = o["kind"].choice({"disk", "rect"});
    std::vector<double> a, b;
    double radius = 0;
    if (kind == "disk") {
      o.only_keys({"kind", "center", "radius"});
      a = o["center"].vector(2);
      radius = o["radius"].number(0, 1e6);
    } else {
      o.only_keys({"kind", "min", "max"});
      a = o["min"].vector(2);
      b = o["max"].vector(2);
      if (!(b[0] > a[0]) || !(b[1] > a[1])) o.fail("expected min < max in both coordinates");
    }
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const double x = g.x0 + (i + 0.5) * hx, y = g.y0 + (j + 0.5) * hy;
        const bool inside = kind == "disk" ? (x - a[0]) * (x - a[0]) + (y - a[1]) * (y - a[1]) <= radius * radius
                                           : x >= a[0] && x <= b[0] && y >= a[1] && y <= b[1];
        if (inside) g.obstacle[static_cast<std::size_t>(j) * g.nx + i] = 1;
      }
  }
}

std::unique_ptr<Flow> make_grid_flow(const JsonNode& flow, const Scene& scene) {
  flow.only_keys({"kind", "grid", "initial", "internal", "temperature", "m", "coefficient", "potential", "cap",
                  "obstacles", "dt", "epsilon", "iterations", "tolerance"});
  if (scene.dim != 2) flow.fail("the jko-grid flow is 2D only (scene has dim " + std::to_string(scene.dim) + ")");
  DensityGrid g = read_grid_geometry(flow["grid"]);
  read_initial(flow, scene, g);
  if (flow.has("obstacles")) read_obstacles(flow["obstacles"], g);
  JkoGridOptions o;
  const std::string internal = flow.choice_or("internal", "entropy", {"none", "entropy", "porous-medium"});
  o.internal = internal == "none" ? GridInternal::None
               : internal == "entropy" ? GridInternal::Entropy : GridInternal::PorousMedium;
  o.temperature = flow.number_or("temperature", 0.05, 0, 1e6);
  o.m = flow.number_or("m", 2.0, 1.0 + 1e-6, 10.0);
  o.coefficient = flow.number_or("coefficient", 1.0, 0, 1e6);
  if (flow.has("potential")) o.potential = read_potential(flow["potential"], 2);
  o.cap = flow.number_or("cap", 0.0, 0, 1e12);
  o.dt = flow.number_or("dt", 0.01, 1e-9, 1e3);
  o.gamma = flow.number_or("epsilon", 0.0, 0, 1e6);
  o.max_iterations = static_cast<int>(flow.integer_or("iterations", 500, 1, 100000));
  o.tolerance = flow.number_or("tolerance", 1e-5, 0, 1);
  return std::make_unique<JkoGridFlow>(o, std::move(g), "jko-grid");
}

}  // namespace

std::unique_ptr<Flow> make_energy_flow(const JsonNode& flow, const Scene& scene) {
  const std::string kind = flow["kind"].string();
  try {
    if (kind == "jko-grid") return make_grid_flow(flow, scene);
    return make_particle_flow(flow, scene, kind);
  } catch (const InputError& e) {
    // Solver-side checks name the flow field ("flow.dt: ...") but not the file: add it.
    const std::string what = e.what();
    if (what.rfind(scene.file_label + ":", 0) == 0) throw;
    throw InputError(scene.file_label + ": " + what);
  }
}

}  // namespace monge
