#include "app/scene/measure_spec.hpp"

#include "app/scene/mesh_spec.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "app/io/coordinate_bound.hpp"
#include "app/io/image_file.hpp"
#include "app/io/point_file.hpp"
#include "base/errors.hpp"
#include "solvers/common/shapes.hpp"

namespace monge {
namespace {

constexpr long long kDefaultCount = 5000;

const std::vector<std::string> kKinds = {"gaussian", "gaussian-mixture", "uniform", "image", "file", "points", "mesh"};
const std::vector<std::string> kShapes2D = {"square", "disk", "ring", "two-moons", "spiral"};
const std::vector<std::string> kShapes3D = {"ball", "sphere", "torus"};

long long read_count(const JsonNode& spec) { return spec.integer_or("count", kDefaultCount, 1, kMaxPoints); }

Eigen::VectorXd read_center(const JsonNode& spec, int dim) {
  if (!spec.has("center")) return Eigen::VectorXd::Zero(dim);
  const std::vector<double> v = spec["center"].vector(dim);
  return Eigen::Map<const Eigen::VectorXd>(v.data(), dim);
}

Eigen::MatrixXd read_cov(const JsonNode& spec, int dim) {
  if (!spec.has("cov")) return Eigen::MatrixXd::Identity(dim, dim);
  const JsonNode cov = spec["cov"];
  const Eigen::MatrixXd m = cov.matrix(dim, dim);
  try {
    cholesky_factor(m);  // named errors here, before any sampling
  } catch (const InputError&) {
    cov.fail("not symmetric positive definite");
  }
  return m;
}

// Samplers report "radius: must be positive..."; re-throw with the JSON path of that parameter.
template <class Sample>
Points sample_at(const JsonNode& spec, Sample&& sample) {
  try {
    return sample();
  } catch (const InputError& e) {
    const std::string message = e.what();
    std::size_t n = 0;
    while (n < message.size() && (std::isalnum(static_cast<unsigned char>(message[n])) ||
                                  message[n] == '_' || message[n] == '.' || message[n] == '[' || message[n] == ']'))
      ++n;
    if (n > 0 && message.compare(n, 2, ": ") == 0)
      JsonNode(spec.json(), spec.file(), spec.path() + "." + message.substr(0, n)).fail(message.substr(n + 2));
    spec.fail(message);
  }
}

std::filesystem::path resolve(const std::filesystem::path& base_dir, const std::string& path) {
  const std::filesystem::path p(path);
  return p.is_absolute() || base_dir.empty() ? p : base_dir / p;
}

Measure read_gaussian(const JsonNode& spec, int dim, const CounterRng& rng) {
  spec.only_keys({"kind", "count", "mean", "cov"});
  const long long count = read_count(spec);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(dim);
  if (spec.has("mean")) {
    const std::vector<double> v = spec["mean"].vector(dim);
    mean = Eigen::Map<const Eigen::VectorXd>(v.data(), dim);
  }
  const Eigen::MatrixXd cov = read_cov(spec, dim);
  return {sample_at(spec, [&] { return sample_gaussian(count, mean, cov, rng); }), {}};
}

Measure read_mixture(const JsonNode& spec, int dim, const CounterRng& rng) {
  spec.only_keys({"kind", "count", "components"});
  const long long count = read_count(spec);
  const JsonNode list = spec["components"];
  if (list.array_size() == 0) list.fail("must list at least one component");
  std::vector<GaussianComponent> components;
  double total = 0.0;
  for (std::size_t k = 0; k < list.array_size(); ++k) {
    const JsonNode c = list.at(k);
    c.only_keys({"weight", "mean", "cov"});
    GaussianComponent g;
    g.weight = c.number_or("weight", 1.0, 0.0);
    const std::vector<double> mean = c["mean"].vector(dim);
    g.mean = Eigen::Map<const Eigen::VectorXd>(mean.data(), dim);
    g.cov = read_cov(c, dim);
    total += g.weight;
    components.push_back(std::move(g));
  }
  if (!(total > 0.0)) list.fail("the component weights must have a positive sum");
  return {sample_at(spec, [&] { return sample_gaussian_mixture(count, components, rng); }), {}};
}

Measure read_uniform(const JsonNode& spec, int dim, const CounterRng& rng) {
  std::vector<std::string> shapes = kShapes2D;
  shapes.insert(shapes.end(), kShapes3D.begin(), kShapes3D.end());
  const JsonNode shape_node = spec["shape"];
  const std::string shape = shape_node.choice(shapes);
  const bool planar = std::find(kShapes2D.begin(), kShapes2D.end(), shape) != kShapes2D.end();
  if (planar != (dim == 2))
    shape_node.fail("\"" + shape + "\" is a " + (planar ? "2D" : "3D") + " shape but the scene's dim is " +
                    std::to_string(dim));
  const long long count = read_count(spec);
  const Eigen::VectorXd center = read_center(spec, dim);
  const double huge = 1e12;  // keeps float32 positions finite
  auto positive = [&](const char* key, double fallback) { return spec.number_or(key, fallback, 1e-12, huge); };
  auto non_negative = [&](const char* key, double fallback) { return spec.number_or(key, fallback, 0.0, huge); };
  Points points;
  if (shape == "square") {
    spec.only_keys({"kind", "shape", "count", "center", "side", "size"});
    double width = 2.0, height = 2.0;
    if (spec.has("side") && spec.has("size")) spec["size"].fail("give either side or size, not both");
    if (spec.has("side")) width = height = positive("side", 2.0);
    if (spec.has("size")) {
      const JsonNode size = spec["size"];
      if (size.json().is_array()) {
        const std::vector<double> wh = size.vector(2);
        for (std::size_t i = 0; i < 2; ++i) size.at(i).number(1e-12, huge);
        width = wh[0];
        height = wh[1];
      } else {
        width = height = size.number(1e-12, huge);
      }
    }
    points = sample_at(spec, [&] { return sample_rectangle(count, center.head<2>(), width, height, rng); });
  } else if (shape == "disk") {
    spec.only_keys({"kind", "shape", "count", "center", "radius"});
    const double radius = positive("radius", 1.0);
    points = sample_at(spec, [&] { return sample_disk(count, center.head<2>(), radius, rng); });
  } else if (shape == "ring") {
    spec.only_keys({"kind", "shape", "count", "center", "radius", "width"});
    const double radius = positive("radius", 1.0), width = positive("width", 0.25);
    points = sample_at(spec, [&] { return sample_ring(count, center.head<2>(), radius, width, rng); });
  } else if (shape == "two-moons") {
    spec.only_keys({"kind", "shape", "count", "center", "scale", "noise"});
    const double scale = positive("scale", 1.0), noise = non_negative("noise", 0.05);
    points = sample_at(spec, [&] { return sample_two_moons(count, center.head<2>(), scale, noise, rng); });
  } else if (shape == "spiral") {
    spec.only_keys({"kind", "shape", "count", "center", "radius", "turns", "noise"});
    const double radius = positive("radius", 1.0), turns = spec.number_or("turns", 2.0, 1e-3, 1e4);
    const double noise = non_negative("noise", 0.02);
    points = sample_at(spec, [&] { return sample_spiral(count, center.head<2>(), radius, turns, noise, rng); });
  } else if (shape == "ball") {
    spec.only_keys({"kind", "shape", "count", "center", "radius"});
    const double radius = positive("radius", 1.0);
    points = sample_at(spec, [&] { return sample_ball(count, center.head<3>(), radius, rng); });
  } else if (shape == "sphere") {
    spec.only_keys({"kind", "shape", "count", "center", "radius"});
    const double radius = positive("radius", 1.0);
    points = sample_at(spec, [&] { return sample_sphere(count, center.head<3>(), radius, rng); });
  } else {  // torus
    spec.only_keys({"kind", "shape", "count", "center", "major_radius", "minor_radius"});
    const double major = positive("major_radius", 1.0), minor = positive("minor_radius", 0.35);
    points = sample_at(spec, [&] { return sample_torus(count, center.head<3>(), major, minor, rng); });
  }
  return {std::move(points), {}};
}

Measure read_image(const JsonNode& spec, int dim, const std::filesystem::path& base_dir, const CounterRng& rng) {
  spec.only_keys({"kind", "path", "count", "center", "size", "invert"});
  if (dim != 2) spec["kind"].fail("image measures are 2D but the scene's dim is " + std::to_string(dim));
  const JsonNode path = spec["path"];
  const std::filesystem::path file = resolve(base_dir, path.string());
  const long long count = read_count(spec);
  const Eigen::VectorXd center = read_center(spec, 2);
  const double size = spec.number_or("size", 2.0, 1e-12, 1e12);
  const bool invert = spec.boolean_or("invert", false);
  GrayImage image;
  try {
    image = load_gray_image(file);
  } catch (const InputError& e) {
    path.fail(e.what());
  }
  try {
    return {sample_image(count, image, center.head<2>(), size, invert, rng), {}};
  } catch (const InputError& e) {
    path.fail(file.string() + ": " + e.what());
  }
}

Measure read_file(const JsonNode& spec, int dim, const std::filesystem::path& base_dir) {
  spec.only_keys({"kind", "path", "weights"});
  const JsonNode path = spec["path"];
  // A scene is read again on every reset and "Save scene as": standard input, read once, cannot back it.
  for (const char* key : {"path", "weights"})
    if (spec.has(key) && spec[key].json() == "-") spec[key].fail("'-' (standard input) cannot be used in a scene file");
  const std::filesystem::path file = resolve(base_dir, path.string());
  Measure m;
  try {
    m.points = load_points(file);
  } catch (const InputError& e) {
    path.fail(e.what());
  }
  if (m.dim() != dim)
    path.fail(file.string() + " has " + std::to_string(m.dim()) + " columns but the scene's dim is " +
              std::to_string(dim));
  if (spec.has("weights")) {
    const JsonNode weights = spec["weights"];
    const std::filesystem::path wfile = resolve(base_dir, weights.string());
    try {
      m.weights = load_weights(wfile);
    } catch (const InputError& e) {
      weights.fail(e.what());
    }
    if (m.weights.size() != m.size())
      weights.fail(wfile.string() + " has " + std::to_string(m.weights.size()) + " weights for " +
                   std::to_string(m.size()) + " points");
  }
  return m;
}

Measure read_points(const JsonNode& spec, int dim) {
  spec.only_keys({"kind", "points", "weights"});
  const JsonNode list = spec["points"];
  const std::size_t n = list.array_size();
  if (n == 0) list.fail("must list at least one point");
  if (static_cast<long long>(n) > kMaxPoints) list.fail("more than " + std::to_string(kMaxPoints) + " points");
  Measure m;
  m.points.resize(static_cast<Eigen::Index>(n), dim);
  for (std::size_t i = 0; i < n; ++i) {
    const JsonNode p = list.at(i);
    p.vector(dim);  // the length check
    for (int c = 0; c < dim; ++c) {
      const double v = p.at(c).number();
      if (!(std::abs(v) <= kMaxCoordinate)) p.at(c).fail(kCoordinateRule);  // app/io/coordinate_bound.hpp
      m.points(static_cast<Eigen::Index>(i), c) = static_cast<float>(v);
    }
  }
  if (spec.has("weights")) {
    const JsonNode weights = spec["weights"];
    weights.vector(static_cast<int>(n));  // the length check
    double total = 0.0;
    m.weights.resize(static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
      const double w = weights.at(i).number(0.0, 1e30);
      m.weights[static_cast<Eigen::Index>(i)] = static_cast<float>(w);
      total += w;
    }
    if (!(total > 0.0)) weights.fail("the weights sum to zero");
  }
  return m;
}

// The measure of `spec` by kind, before the coordinate bound is checked.
Measure read_any_measure(const JsonNode& spec, int dim, const std::filesystem::path& base_dir, const CounterRng& rng) {
  const std::string kind = spec["kind"].choice(kKinds);
  if (kind == "gaussian") return read_gaussian(spec, dim, rng);
  if (kind == "gaussian-mixture") return read_mixture(spec, dim, rng);
  if (kind == "uniform") return read_uniform(spec, dim, rng);
  if (kind == "image") return read_image(spec, dim, base_dir, rng);
  if (kind == "file") return read_file(spec, dim, base_dir);
  if (kind == "mesh") {  // the vertices (scene.cpp also keeps the mesh itself)
    Measure m;
    m.points = read_mesh_spec(spec, dim, base_dir).vertices;
    return m;
  }
  return read_points(spec, dim);
}

}  // namespace

Measure read_measure(const JsonNode& spec, int dim, const std::filesystem::path& base_dir, const CounterRng& rng) {
  Measure m = read_any_measure(spec, dim, base_dir, rng);
  // Files, meshes and sampled shapes alike (a huge mean or scale samples huge points).
  if (const std::string problem = coordinate_problem(m.points); !problem.empty()) {
    if (spec.has("path")) spec["path"].fail(spec["path"].string() + ": " + problem);
    spec.fail(problem);
  }
  return m;
}

}  // namespace monge
