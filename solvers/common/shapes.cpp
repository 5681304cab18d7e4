#include "solvers/common/shapes.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "solvers/common/dense_factorisations.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 2.0 * kPi;

// Messages in the form the scene parser prefixes with the JSON path: "radius: must be ...".
[[noreturn]] void bad(const std::string& parameter, const std::string& message, double value) {
  std::ostringstream s;
  s << parameter << ": " << message << ", got " << value;
  throw InputError(s.str());
}

void check_count(long long count) {
  if (count < 0) bad("count", "must be >= 0", static_cast<double>(count));
}

void check_positive(const char* parameter, double value) {
  if (!(value > 0.0) || !std::isfinite(value)) bad(parameter, "must be positive and finite", value);
}

void check_non_negative(const char* parameter, double value) {
  if (!(value >= 0.0) || !std::isfinite(value)) bad(parameter, "must be >= 0 and finite", value);
}

// Random blocks per point for d normals (four per block).
std::uint64_t normal_blocks(int d) { return static_cast<std::uint64_t>((d + 3) / 4); }

// The d standard normals of one point, read from `blocks` consecutive blocks starting at `first`.
void normals(const CounterRng& rng, std::uint64_t first, int d, double* z) {
  float four[4];
  for (int k = 0; k < d; ++k) {
    if (k % 4 == 0) rng.normal4(first + static_cast<std::uint64_t>(k / 4), four);
    z[k] = four[k % 4];
  }
}

// Solves R phi + r sin(phi) = 2 pi R u for phi in [0, 2 pi]: the inverse CDF of the torus's
// minor angle, whose density is proportional to the local circumference R + r cos(phi).
// The left side is increasing (r < R), so Newton steps kept inside a bracket converge.
double torus_minor_angle(double u, double R, double r) {
  const double goal = kTwoPi * R * u;
  double lo = 0.0, hi = kTwoPi, phi = kTwoPi * u;
  for (int it = 0; it < 60; ++it) {
    const double g = R * phi + r * std::sin(phi) - goal;
    if (std::abs(g) < 1e-12 * R) break;
    if (g > 0) hi = phi; else lo = phi;
    const double next = phi - g / (R + r * std::cos(phi));
    phi = (next > lo && next < hi) ? next : 0.5 * (lo + hi);
  }
  return phi;
}

}  // namespace

Eigen::MatrixXd cholesky_factor(const Eigen::MatrixXd& cov) {
  if (cov.rows() != cov.cols() || cov.rows() == 0)
    throw InputError("cov: must be a non-empty square matrix");
  if (!cov.allFinite()) throw InputError("cov: entries must be finite");
  const double scale = std::max(1.0, cov.cwiseAbs().maxCoeff());
  if ((cov - cov.transpose()).cwiseAbs().maxCoeff() > 1e-9 * scale)
    throw InputError("cov: not symmetric");
  Eigen::MatrixXd L;
  if (!cholesky_lower(cov, L)) throw InputError("cov: not symmetric positive definite");
  return L;
}

Points sample_gaussian(long long count, const Eigen::VectorXd& mean, const Eigen::MatrixXd& cov,
                       const CounterRng& rng) {
  check_count(count);
  const int d = static_cast<int>(mean.size());
  if (d == 0) throw InputError("mean: must have at least one coordinate");
  if (cov.rows() != d || cov.cols() != d)
    throw InputError("cov: expected a " + std::to_string(d) + "x" + std::to_string(d) +
                     " matrix to match mean");
  const Eigen::MatrixXd L = cholesky_factor(cov);
  const std::uint64_t B = normal_blocks(d);
  Points out(count, d);
#pragma omp parallel
  {
    Eigen::VectorXd z(d), x(d);  // per thread: no allocation per point
#pragma omp for schedule(static)
    for (long long i = 0; i < count; ++i) {
      normals(rng, static_cast<std::uint64_t>(i) * B, d, z.data());
      x.noalias() = L * z;
      x += mean;
      out.row(i) = x.cast<float>().transpose();
    }
  }
  return out;
}

Points sample_gaussian_mixture(long long count, const std::vector<GaussianComponent>& components,
                               const CounterRng& rng) {
  check_count(count);
  if (components.empty()) throw InputError("components: must not be empty");
  const int d = static_cast<int>(components[0].mean.size());
  std::vector<Eigen::MatrixXd> factors;
  std::vector<double> cumulative;
  double total = 0.0;
  for (std::size_t k = 0; k < components.size(); ++k) {
    const std::string where = "components[" + std::to_string(k) + "].";
    const GaussianComponent& c = components[k];
    if (!(c.weight >= 0.0) || !std::isfinite(c.weight))
      throw InputError(where + "weight: must be >= 0 and finite");
    if (c.mean.size() != d || d == 0)
      throw InputError(where + "mean: expected " + std::to_string(d) + " numbers like components[0]");
    if (c.cov.rows() != d || c.cov.cols() != d)
      throw InputError(where + "cov: expected a " + std::to_string(d) + "x" + std::to_string(d) + " matrix");
    try {
      factors.push_back(cholesky_factor(c.cov));
    } catch (const InputError& e) {
      throw InputError(where + e.what());
    }
    total += c.weight;
    cumulative.push_back(total);
  }
  if (!(total > 0.0)) throw InputError("components: the weights must have a positive sum");
  // One block for the component choice, then the normals.
  const std::uint64_t B = 1 + normal_blocks(d);
  Points out(count, d);
#pragma omp parallel
  {
    Eigen::VectorXd z(d), x(d);  // per thread: no allocation per point
#pragma omp for schedule(static)
    for (long long i = 0; i < count; ++i) {
      const std::uint64_t first = static_cast<std::uint64_t>(i) * B;
      const double u = rng.uniform(first * 4) * total;
      const std::size_t k = std::min<std::size_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(), components.size() - 1);
      normals(rng, first + 1, d, z.data());
      x.noalias() = factors[k] * z;
      x += components[k].mean;
      out.row(i) = x.cast<float>().transpose();
    }
  }
  return out;
}

Points sample_rectangle(long long count, const Eigen::Vector2d& center, double width, double height,
                        const CounterRng& rng) {
  check_count(count);
  check_positive("width", width);
  check_positive("height", height);
  Points out(count, 2);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) {
    float u[4];
    rng.uniform4(static_cast<std::uint64_t>(i), u);
    out(i, 0) = static_cast<float>(center.x() + (u[0] - 0.5) * width);
    out(i, 1) = static_cast<float>(center.y() + (u[1] - 0.5) * height);
  }
  return out;
}

Points sample_ring(long long count, const Eigen::Vector2d& center, double radius, double width,
                   const CounterRng& rng) {
  check_count(count);
  check_positive("radius", radius);
  check_positive("width", width);
  if (width > 2.0 * radius) bad("width", "must be at most 2 * radius", width);
  // Uniform by area: r^2 uniform between the inner and outer radius squared.
  const double r0 = radius - 0.5 * width, r1 = radius + 0.5 * width;
  const double a0 = r0 * r0, a1 = r1 * r1;
  Points out(count, 2);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) {
    float u[4];
    rng.uniform4(static_cast<std::uint64_t>(i), u);
    const double r = std::sqrt(a0 + u[0] * (a1 - a0));
    const double a = kTwoPi * u[1];
    out(i, 0) = static_cast<float>(center.x() + r * std::cos(a));
    out(i, 1) = static_cast<float>(center.y() + r * std::sin(a));
  }
  return out;
}

Points sample_disk(long long count, const Eigen::Vector2d& center, double radius, const CounterRng& rng) {
  check_positive("radius", radius);
  // A disk is a ring from 0 to radius.
  return sample_ring(count, center, 0.5 * radius, radius, rng);
}

Points sample_two_moons(long long count, const Eigen::Vector2d& center, double scale, double noise,
                        const CounterRng& rng) {
  check_count(count);
  check_positive("scale", scale);
  check_non_negative("noise", noise);
  // The moons' bounding box is [-1, 2] x [-0.5, 1]; its centre goes to `center`.
  const double cx = 0.5, cy = 0.25;
  Points out(count, 2);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) {
    float u[4], z[4];
    rng.uniform4(2 * static_cast<std::uint64_t>(i), u);
    rng.normal4(2 * static_cast<std::uint64_t>(i) + 1, z);
    const double t = kPi * u[0];
    // Even points on the outer moon, odd on the inner one: halves for any count, and a prefix of
    // the sample is a smaller sample.
    const bool outer = i % 2 == 0;
    const double x = outer ? std::cos(t) : 1.0 - std::cos(t);
    const double y = outer ? std::sin(t) : 0.5 - std::sin(t);
    out(i, 0) = static_cast<float>(center.x() + scale * (x - cx) + noise * z[0]);
    out(i, 1) = static_cast<float>(center.y() + scale * (y - cy) + noise * z[1]);
  }
  return out;
}

Points sample_spiral(long long count, const Eigen::Vector2d& center, double radius, double turns,
                     double noise, const CounterRng& rng) {
  check_count(count);
  check_positive("radius", radius);
  check_positive("turns", turns);
  check_non_negative("noise", noise);
  const double theta_max = kTwoPi * turns;
  Points out(count, 2);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) {
    float u[4], z[4];
    rng.uniform4(2 * static_cast<std::uint64_t>(i), u);
    rng.normal4(2 * static_cast<std::uint64_t>(i) + 1, z);
    // Density proportional to theta: arc length grows like theta for an Archimedean spiral.
    const double theta = theta_max * std::sqrt(static_cast<double>(u[0]));
    const double r = radius * theta / theta_max;
    out(i, 0) = static_cast<float>(center.x() + r * std::cos(theta) + noise * z[0]);
    out(i, 1) = static_cast<float>(center.y() + r * std::sin(theta) + noise * z[1]);
  }
  return out;
}

Points sample_sphere(long long count, const Eigen::Vector3d& center, double radius, const CounterRng& rng) {
  check_count(count);
  check_positive("radius", radius);
  Points out(count, 3);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) {
    float z[4];
    rng.normal4(static_cast<std::uint64_t>(i), z);
    // An isotropic normal vector has a uniformly distributed direction.
    Eigen::Vector3d v(z[0], z[1], z[2]);
    const double n = v.norm();
    v = n > 0 ? Eigen::Vector3d(v / n) : Eigen::Vector3d::UnitZ();
    out.row(i) = (center + radius * v).cast<float>().transpose();
  }
  return out;
}

Points sample_ball(long long count, const Eigen::Vector3d& center, double radius, const CounterRng& rng) {
  check_count(count);
  check_positive("radius", radius);
  Points out(count, 3);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) {
    float z[4], u[4];
    rng.normal4(2 * static_cast<std::uint64_t>(i), z);
    rng.uniform4(2 * static_cast<std::uint64_t>(i) + 1, u);
    Eigen::Vector3d v(z[0], z[1], z[2]);
    const double n = v.norm();
    v = n > 0 ? Eigen::Vector3d(v / n) : Eigen::Vector3d::UnitZ();
    // Uniform by volume: P(|x| < s) = (s / radius)^3.
    const double r = radius * std::cbrt(static_cast<double>(u[0]));
    out.row(i) = (center + r * v).cast<float>().transpose();
  }
  return out;
}

Points sample_torus(long long count, const Eigen::Vector3d& center, double major_radius,
                    double minor_radius, const CounterRng& rng) {
  check_count(count);
  check_positive("major_radius", major_radius);
  check_positive("minor_radius", minor_radius);
  if (minor_radius >= major_radius) bad("minor_radius", "must be below major_radius", minor_radius);
  const double R = major_radius, r = minor_radius;
  Points out(count, 3);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) {
    float u[4];
    rng.uniform4(static_cast<std::uint64_t>(i), u);
    const double theta = kTwoPi * u[0];
    const double phi = torus_minor_angle(u[1], R, r);
    const double rho = R + r * std::cos(phi);
    out(i, 0) = static_cast<float>(center.x() + rho * std::cos(theta));
    out(i, 1) = static_cast<float>(center.y() + rho * std::sin(theta));
    out(i, 2) = static_cast<float>(center.z() + r * std::sin(phi));
  }
  return out;
}

Points sample_image(long long count, const GrayImage& image, const Eigen::Vector2d& center, double size,
                    bool invert, const CounterRng& rng) {
  check_count(count);
  check_positive("size", size);
  const long long pixels = static_cast<long long>(image.width) * image.height;
  if (image.width <= 0 || image.height <= 0 || static_cast<long long>(image.values.size()) != pixels)
    throw InputError("image: empty or inconsistent pixel array");
  // Cumulative mass over pixels in row-major order; a uniform draw picks a pixel by bisection.
  std::vector<double> cumulative(static_cast<std::size_t>(pixels));
  double total = 0.0;
  for (long long p = 0; p < pixels; ++p) {
    const double v = std::clamp(static_cast<double>(image.values[p]), 0.0, 1.0);
    total += invert ? v : 1.0 - v;
    cumulative[p] = total;
  }
  if (!(total > 0.0))
    throw InputError(invert ? "image: has no bright pixel to sample from"
                            : "image: has no dark pixel to sample from");
  const double pixel = size / std::max(image.width, image.height);
  const double half_w = 0.5 * image.width, half_h = 0.5 * image.height;
  Points out(count, 2);
#pragma omp parallel for schedule(static)
  for (long long i = 0; i < count; ++i) {
    float u[4];
    rng.uniform4(static_cast<std::uint64_t>(i), u);
    const double m = u[0] * total;
    // upper_bound skips zero-mass pixels (their cumulative equals the previous one).
    const long long p = std::min<long long>(
        std::upper_bound(cumulative.begin(), cumulative.end(), m) - cumulative.begin(), pixels - 1);
    const long long row = p / image.width, col = p % image.width;
    out(i, 0) = static_cast<float>(center.x() + (static_cast<double>(col) + u[1] - half_w) * pixel);
    out(i, 1) = static_cast<float>(center.y() + (half_h - static_cast<double>(row) - u[2]) * pixel);
  }
  return out;
}

}  // namespace monge
