#pragma once
// Seeded samplers for the measures a scene can name: Gaussians, Gaussian mixtures, uniform
// distributions over 2D and 3D shapes, and the dark pixels of an image.
//
// Every sampler is a pure function of its parameters and a CounterRng: point i reads only the
// random blocks [i*B, (i+1)*B) (B fixed per sampler), so the points do not depend on the thread
// count and the first k points of an N-point sample equal a k-point sample.
// Invalid parameters (negative count, non-positive radius, a covariance that is not symmetric
// positive definite) throw InputError with a message naming the parameter ("radius: must be
// positive"); the scene parser prefixes the JSON path.
#include <Eigen/Core>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/common/types.hpp"

namespace monge {

// count  number of points (>= 0) in every sampler below; all return count by d points.

// Normal distribution N(mean, cov).
//   mean  d, cov  d by d symmetric positive definite (checked: symmetric to 1e-9 relative, and
//   its Cholesky factorisation must succeed).
Points sample_gaussian(long long count, const Eigen::VectorXd& mean, const Eigen::MatrixXd& cov,
                       const CounterRng& rng);

struct GaussianComponent {
  double weight = 1.0;     // relative, >= 0; the weights of a mixture must have a positive sum
  Eigen::VectorXd mean;    // d
  Eigen::MatrixXd cov;     // d by d, symmetric positive definite
};
// Mixture: each point picks component k with probability weight_k / sum of weights.
Points sample_gaussian_mixture(long long count, const std::vector<GaussianComponent>& components,
                               const CounterRng& rng);

// 2D, uniform in the axis-aligned rectangle centred at `center` with the given width, height.
Points sample_rectangle(long long count, const Eigen::Vector2d& center, double width, double height,
                        const CounterRng& rng);
// 2D, uniform by area in the disk.
Points sample_disk(long long count, const Eigen::Vector2d& center, double radius, const CounterRng& rng);
// 2D, uniform by area in the annulus radius - width/2 <= r <= radius + width/2 (0 < width <= 2 radius).
Points sample_ring(long long count, const Eigen::Vector2d& center, double radius, double width,
                   const CounterRng& rng);
// 2D, scikit-learn's make_moons (outer arc (cos t, sin t), inner arc (1 - cos t, 0.5 - sin t),
// t uniform in [0, pi], even-indexed points on the outer arc) shifted so its bounding box
// is centred at the origin, times `scale`, moved to `center`, plus N(0, noise^2) per coordinate.
Points sample_two_moons(long long count, const Eigen::Vector2d& center, double scale, double noise,
                        const CounterRng& rng);
// 2D, Archimedean spiral r = radius * theta / theta_max, theta_max = 2 pi turns, theta drawn
// with density proportional to theta (close to uniform along the curve), plus N(0, noise^2).
Points sample_spiral(long long count, const Eigen::Vector2d& center, double radius, double turns,
                     double noise, const CounterRng& rng);

// 3D, uniform by volume in the ball.
Points sample_ball(long long count, const Eigen::Vector3d& center, double radius, const CounterRng& rng);
// 3D, uniform on the sphere (surface).
Points sample_sphere(long long count, const Eigen::Vector3d& center, double radius, const CounterRng& rng);
// 3D, uniform by area on the surface of a torus around the z axis (0 < minor < major).
Points sample_torus(long long count, const Eigen::Vector3d& center, double major_radius,
                    double minor_radius, const CounterRng& rng);

// A grayscale image, row 0 at the top, values in [0, 1] (0 black, 1 white).
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<float> values;  // width*height, row-major (row * width + column)
};
// 2D points with density proportional to darkness (1 - value; with invert, to value), each point
// uniform inside its pixel. The image is placed with its centre at `center` and its longer side
// `size` long, aspect kept, y up (so the default center 0, size 2 fits it into [-1, 1]^2).
// Throws InputError if the image is empty or has no dark pixel.
Points sample_image(long long count, const GrayImage& image, const Eigen::Vector2d& center, double size,
                    bool invert, const CounterRng& rng);

// Lower-triangular L with L L^T = cov; InputError unless cov is square, symmetric and positive
// definite.
Eigen::MatrixXd cholesky_factor(const Eigen::MatrixXd& cov);

}  // namespace monge
