// Seeded samplers (solvers/common/shapes.hpp) against closed forms: moments of Gaussians,
// radial laws of uniform disks, rings and balls, surfaces that points must lie on, and the
// pixel masses of image sampling. Sample sizes make each tolerance at least 4 standard errors.
#include <gtest/gtest.h>

#include <omp.h>

#include <cmath>

#include "base/errors.hpp"
#include "solvers/common/shapes.hpp"

using namespace monge;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Fraction of rows satisfying `pred`.
template <class Pred>
double fraction(const Points& p, Pred pred) {
  long long n = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) n += pred(p.row(i).cast<double>().transpose().eval()) ? 1 : 0;
  return static_cast<double>(n) / static_cast<double>(p.rows());
}

Eigen::MatrixXd covariance(const Points& p) {
  const Eigen::MatrixXd x = p.cast<double>();
  const Eigen::RowVectorXd mean = x.colwise().mean();
  const Eigen::MatrixXd centred = x.rowwise() - mean;
  return centred.transpose() * centred / static_cast<double>(x.rows() - 1);
}

// Binomial standard error of a fraction near p with n samples.
double binomial_se(double p, long long n) { return std::sqrt(p * (1 - p) / static_cast<double>(n)); }

}  // namespace

TEST(Shapes, GaussianMeanAndCovarianceWithinSamplingError) {
  const long long n = 200000;
  Eigen::Vector2d mean(1.0, -2.0);
  Eigen::Matrix2d cov;
  cov << 2.0, 0.6, 0.6, 1.0;
  const Points p = sample_gaussian(n, mean, cov, CounterRng(11, 3));
  ASSERT_EQ(p.rows(), n);
  ASSERT_EQ(p.cols(), 2);
  const Eigen::Vector2d m = p.cast<double>().colwise().mean().transpose();
  // Standard error of the mean: sqrt(cov_ii / n) <= 0.0032.
  EXPECT_NEAR(m.x(), 1.0, 0.015);
  EXPECT_NEAR(m.y(), -2.0, 0.015);
  const Eigen::MatrixXd c = covariance(p);
  // Standard error of a variance ~ sqrt(2 / n) var <= 0.0063.
  EXPECT_NEAR(c(0, 0), 2.0, 0.03);
  EXPECT_NEAR(c(1, 1), 1.0, 0.02);
  EXPECT_NEAR(c(0, 1), 0.6, 0.02);
  // Tails of a normal: P(|z| > 2) = 0.0455 on the standardised first coordinate.
  const double tail = fraction(p, [](const Eigen::VectorXd& x) { return std::abs(x[0] - 1.0) / std::sqrt(2.0) > 2.0; });
  EXPECT_NEAR(tail, 0.0455, 5 * binomial_se(0.0455, n));
}

TEST(Shapes, GaussianInFiveDimensionsUsesAllCoordinates) {
  const int d = 5;  // more normals than one random block holds
  const Points p = sample_gaussian(100000, Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Identity(d, d), CounterRng(2));
  const Eigen::MatrixXd c = covariance(p);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j < d; ++j) EXPECT_NEAR(c(i, j), i == j ? 1.0 : 0.0, 0.025) << i << "," << j;
}

TEST(Shapes, GaussianRejectsBadCovariance) {
  const Eigen::Vector2d mean(0, 0);
  Eigen::Matrix2d asym, indefinite;
  asym << 1.0, 0.5, 0.0, 1.0;
  indefinite << 1.0, 2.0, 2.0, 1.0;
  for (const Eigen::MatrixXd& cov : std::vector<Eigen::MatrixXd>{Eigen::MatrixXd(asym), Eigen::MatrixXd(indefinite), Eigen::MatrixXd(Eigen::MatrixXd::Identity(3, 3)),
                                     Eigen::MatrixXd(Eigen::Matrix2d::Zero())}) {
    try {
      sample_gaussian(10, mean, cov, CounterRng(1));
      FAIL() << "accepted\n" << cov;
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("cov: ", 0), 0u) << e.what();
    }
  }
  EXPECT_THROW(sample_gaussian(-1, mean, Eigen::Matrix2d::Identity(), CounterRng(1)), InputError);
}

TEST(Shapes, SameRngSamePointsOtherStreamOtherPointsPrefixIsSmallerSample) {
  const Eigen::Vector2d c(0, 0);
  const Points a = sample_disk(1000, c, 1.0, CounterRng(5, 1));
  const Points b = sample_disk(1000, c, 1.0, CounterRng(5, 1));
  const Points other_stream = sample_disk(1000, c, 1.0, CounterRng(5, 2));
  const Points other_seed = sample_disk(1000, c, 1.0, CounterRng(6, 1));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other_stream);
  EXPECT_NE(a, other_seed);
  const Points prefix = sample_disk(100, c, 1.0, CounterRng(5, 1));
  EXPECT_EQ(prefix, a.topRows(100));
  const Points g = sample_gaussian(1000, Eigen::Vector3d::Zero(), Eigen::Matrix3d::Identity(), CounterRng(5, 1));
  EXPECT_EQ(sample_gaussian(10, Eigen::Vector3d::Zero(), Eigen::Matrix3d::Identity(), CounterRng(5, 1)), g.topRows(10));
}

TEST(Shapes, PointsDoNotDependOnTheThreadCount) {
  const int before = omp_get_max_threads();
  auto sample_all = [] {
    std::vector<Points> out;
    out.push_back(sample_gaussian(10001, Eigen::Vector3d(1, 2, 3), Eigen::Matrix3d::Identity(), CounterRng(3, 4)));
    out.push_back(sample_gaussian_mixture(10001, {{1.0, Eigen::Vector2d(0, 0), Eigen::Matrix2d::Identity()},
                                                  {2.0, Eigen::Vector2d(3, 0), Eigen::Matrix2d::Identity()}},
                                          CounterRng(3, 4)));
    out.push_back(sample_torus(10001, Eigen::Vector3d::Zero(), 1.0, 0.3, CounterRng(3, 4)));
    out.push_back(sample_two_moons(10001, Eigen::Vector2d::Zero(), 1.0, 0.1, CounterRng(3, 4)));
    return out;
  };
  omp_set_num_threads(1);
  const auto one = sample_all();
  omp_set_num_threads(3);
  const auto three = sample_all();
  omp_set_num_threads(before);
  for (std::size_t k = 0; k < one.size(); ++k) EXPECT_EQ(one[k], three[k]) << "sampler " << k;
}

TEST(Shapes, DiskIsUniformByArea) {
  const long long n = 100000;
  const Eigen::Vector2d c(0.5, -1.0);
  const double r = 2.0;
  const Points p = sample_disk(n, c, r, CounterRng(1));
  EXPECT_EQ(fraction(p, [&](const Eigen::VectorXd& x) { return (x - c).norm() <= r * (1 + 1e-6); }), 1.0);
  // P(|x - c| < r/2) = 1/4; P(x > c.x) = 1/2.
  EXPECT_NEAR(fraction(p, [&](const Eigen::VectorXd& x) { return (x - c).norm() < r / 2; }), 0.25, 5 * binomial_se(0.25, n));
  EXPECT_NEAR(fraction(p, [&](const Eigen::VectorXd& x) { return x[0] > c.x(); }), 0.5, 5 * binomial_se(0.5, n));
  // Variance of one coordinate of a uniform disk: r^2 / 4.
  EXPECT_NEAR(covariance(p)(0, 0), r * r / 4, 0.03);
  EXPECT_THROW(sample_disk(10, c, 0.0, CounterRng(1)), InputError);
}

TEST(Shapes, RingIsUniformByAreaInTheAnnulus) {
  const long long n = 100000;
  const double radius = 1.0, width = 0.5, r0 = 0.75, r1 = 1.25;
  const Points p = sample_ring(n, Eigen::Vector2d::Zero(), radius, width, CounterRng(3));
  EXPECT_EQ(fraction(p, [&](const Eigen::VectorXd& x) { const double r = x.norm(); return r >= r0 - 1e-6 && r <= r1 + 1e-6; }), 1.0);
  // Half the area lies inside sqrt((r0^2 + r1^2) / 2).
  const double median = std::sqrt((r0 * r0 + r1 * r1) / 2);
  EXPECT_NEAR(fraction(p, [&](const Eigen::VectorXd& x) { return x.norm() < median; }), 0.5, 5 * binomial_se(0.5, n));
  try {
    sample_ring(10, Eigen::Vector2d::Zero(), 1.0, 3.0, CounterRng(1));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("width: ", 0), 0u) << e.what();
  }
}

TEST(Shapes, RectangleMomentsAndBounds) {
  const long long n = 100000;
  const Points p = sample_rectangle(n, Eigen::Vector2d(1, 2), 4.0, 1.0, CounterRng(9));
  EXPECT_EQ(fraction(p, [](const Eigen::VectorXd& x) { return x[0] >= -1 && x[0] <= 3 && x[1] >= 1.5 && x[1] <= 2.5; }), 1.0);
  const Eigen::MatrixXd c = covariance(p);
  EXPECT_NEAR(c(0, 0), 16.0 / 12, 0.02);  // width^2 / 12
  EXPECT_NEAR(c(1, 1), 1.0 / 12, 0.002);
  EXPECT_NEAR(c(0, 1), 0.0, 0.01);
}

TEST(Shapes, TwoMoonsLieOnTheirArcsWithoutNoise) {
  const double scale = 2.0;
  const Eigen::Vector2d c(1, 1);
  const Points p = sample_two_moons(2001, c, scale, 0.0, CounterRng(4));
  // Arc centres (0, 0) and (1, 0.5) in make_moons units, shifted by the box centre (0.5, 0.25).
  const Eigen::Vector2d outer = c + scale * Eigen::Vector2d(-0.5, -0.25);
  const Eigen::Vector2d inner = c + scale * Eigen::Vector2d(0.5, 0.25);
  int n_outer = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    const Eigen::Vector2d x = p.row(i).cast<double>().transpose();
    if (i % 2 == 0) {
      ++n_outer;
      EXPECT_NEAR((x - outer).norm(), scale, 1e-4);
      EXPECT_GE(x.y(), outer.y() - 1e-4);  // upper half circle
    } else {
      EXPECT_NEAR((x - inner).norm(), scale, 1e-4);
      EXPECT_LE(x.y(), inner.y() + 1e-4);  // lower half circle
    }
  }
  EXPECT_EQ(n_outer, 1001);
  // With noise the mean of the whole sample sits at `center` (the moons are point-symmetric
  // about the box centre) and the spread grows.
  const Points noisy = sample_two_moons(100000, c, scale, 0.1, CounterRng(4));
  const Eigen::Vector2d m = noisy.cast<double>().colwise().mean().transpose();
  EXPECT_NEAR(m.x(), c.x(), 0.02);
  EXPECT_NEAR(m.y(), c.y(), 0.02);
}

TEST(Shapes, SpiralPointsFollowTheCurveAndFillItEvenly) {
  const long long n = 50000;
  const double radius = 1.5, turns = 2.0, theta_max = 2 * kPi * turns;
  const Points p = sample_spiral(n, Eigen::Vector2d::Zero(), radius, turns, 0.0, CounterRng(8));
  for (Eigen::Index i = 0; i < 200; ++i) {
    const double x = p(i, 0), y = p(i, 1);
    const double r = std::hypot(x, y);
    const double theta = r / radius * theta_max;  // r = radius theta / theta_max
    EXPECT_NEAR(x, r * std::cos(theta), 2e-3);
    EXPECT_NEAR(y, r * std::sin(theta), 2e-3);
  }
  // theta has density proportional to theta, so P(r < radius/2) = 1/4.
  EXPECT_NEAR(fraction(p, [&](const Eigen::VectorXd& x) { return x.norm() < radius / 2; }), 0.25, 5 * binomial_se(0.25, n));
}

TEST(Shapes, SphereIsOnTheSurfaceAndUniform) {
  const long long n = 100000;
  const Eigen::Vector3d c(1, 2, 3);
  const Points p = sample_sphere(n, c, 2.0, CounterRng(12));
  double worst = 0.0;
  for (Eigen::Index i = 0; i < p.rows(); ++i)
    worst = std::max(worst, std::abs((p.row(i).cast<double>().transpose() - c).norm() - 2.0));
  EXPECT_LT(worst, 1e-5);
  // Archimedes: the height on a sphere is uniform, so P(|z - c.z| < r/2) = 1/2.
  EXPECT_NEAR(fraction(p, [&](const Eigen::VectorXd& x) { return std::abs(x[2] - c.z()) < 1.0; }), 0.5, 5 * binomial_se(0.5, n));
  const Eigen::MatrixXd cov = covariance(p);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(cov(i, i), 4.0 / 3, 0.02);  // r^2 / 3 per coordinate
}

TEST(Shapes, BallIsUniformByVolume) {
  const long long n = 100000;
  const Points p = sample_ball(n, Eigen::Vector3d::Zero(), 1.0, CounterRng(13));
  EXPECT_EQ(fraction(p, [](const Eigen::VectorXd& x) { return x.norm() <= 1.0 + 1e-6; }), 1.0);
  EXPECT_NEAR(fraction(p, [](const Eigen::VectorXd& x) { return x.norm() < 0.5; }), 0.125, 5 * binomial_se(0.125, n));
  EXPECT_NEAR(fraction(p, [](const Eigen::VectorXd& x) { return x[0] > 0; }), 0.5, 5 * binomial_se(0.5, n));
  EXPECT_NEAR(covariance(p)(1, 1), 0.2, 0.01);  // r^2 / 5 per coordinate
}

TEST(Shapes, TorusIsOnTheSurfaceAndUniformByArea) {
  const long long n = 100000;
  const double R = 1.0, r = 0.35;
  const Points p = sample_torus(n, Eigen::Vector3d::Zero(), R, r, CounterRng(14));
  double worst = 0.0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    const double rho = std::hypot(p(i, 0), p(i, 1));
    worst = std::max(worst, std::abs(std::hypot(rho - R, p(i, 2)) - r));
  }
  EXPECT_LT(worst, 1e-5);
  // The outer half (rho > R) carries (pi R + 2 r) / (2 pi R) of the area: more than half,
  // which a sampler uniform in the two angles would miss.
  const double outer = (kPi * R + 2 * r) / (2 * kPi * R);
  EXPECT_NEAR(fraction(p, [&](const Eigen::VectorXd& x) { return std::hypot(x[0], x[1]) > R; }), outer,
              5 * binomial_se(outer, n));
  EXPECT_NEAR(fraction(p, [](const Eigen::VectorXd& x) { return x[2] > 0; }), 0.5, 5 * binomial_se(0.5, n));
  EXPECT_THROW(sample_torus(10, Eigen::Vector3d::Zero(), 1.0, 1.0, CounterRng(1)), InputError);
}

TEST(Shapes, GaussianMixturePicksComponentsByWeight) {
  const long long n = 100000;
  std::vector<GaussianComponent> comps(2);
  comps[0] = {1.0, Eigen::Vector2d(-5, 0), 0.1 * Eigen::Matrix2d::Identity()};
  comps[1] = {3.0, Eigen::Vector2d(5, 1), 0.2 * Eigen::Matrix2d::Identity()};
  const Points p = sample_gaussian_mixture(n, comps, CounterRng(21));
  EXPECT_NEAR(fraction(p, [](const Eigen::VectorXd& x) { return x[0] < 0; }), 0.25, 5 * binomial_se(0.25, n));
  Eigen::Vector2d right = Eigen::Vector2d::Zero();
  long long count = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i)
    if (p(i, 0) > 0) right += p.row(i).cast<double>().transpose(), ++count;
  right /= static_cast<double>(count);
  EXPECT_NEAR(right.x(), 5.0, 0.01);
  EXPECT_NEAR(right.y(), 1.0, 0.01);
  comps[1].cov(0, 1) = 5.0;
  try {
    sample_gaussian_mixture(10, comps, CounterRng(1));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("components[1].cov", 0), 0u) << e.what();
  }
}

TEST(Shapes, ImageDensityFollowsDarknessWithYUp) {
  // 4 x 2 image: top row black | grey(0.5) | white | white, bottom row all white.
  GrayImage im;
  im.width = 4;
  im.height = 2;
  im.values = {0.0f, 0.5f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
  const long long n = 60000;
  const Points p = sample_image(n, im, Eigen::Vector2d::Zero(), 2.0, false, CounterRng(31));
  // The longer side (4 pixels) spans [-1, 1]: pixel size 0.5; the top row is y in [0, 0.5].
  const double black = fraction(p, [](const Eigen::VectorXd& x) { return x[0] >= -1 && x[0] < -0.5; });
  const double grey = fraction(p, [](const Eigen::VectorXd& x) { return x[0] >= -0.5 && x[0] < 0.0; });
  EXPECT_NEAR(black, 2.0 / 3, 5 * binomial_se(2.0 / 3, n));  // darkness 1 against 0.5
  EXPECT_NEAR(black + grey, 1.0, 1e-12);
  EXPECT_EQ(fraction(p, [](const Eigen::VectorXd& x) { return x[1] >= 0.0 && x[1] <= 0.5; }), 1.0);
  // Uniform inside the pixel.
  EXPECT_NEAR(fraction(p, [](const Eigen::VectorXd& x) { return x[1] > 0.25; }), 0.5, 5 * binomial_se(0.5, n));
  // Inverted: mass on the bright pixels (two white ones on top, four below, grey half).
  const Points q = sample_image(n, im, Eigen::Vector2d(10, 0), 2.0, true, CounterRng(31));
  EXPECT_NEAR(fraction(q, [](const Eigen::VectorXd& x) { return x[1] < 0; }), 4.0 / 6.5, 5 * binomial_se(0.6, n));
  // No mass on the black pixel (top left: x in [9, 9.5), y in [0, 0.5]).
  EXPECT_EQ(fraction(q, [](const Eigen::VectorXd& x) { return x[0] < 9.5 && x[1] > 0; }), 0.0);
  EXPECT_NEAR(fraction(q, [](const Eigen::VectorXd& x) { return x[0] < 9.5; }), 1.0 / 6.5, 5 * binomial_se(0.15, n));
  GrayImage white = im;
  std::fill(white.values.begin(), white.values.end(), 1.0f);
  EXPECT_THROW(sample_image(10, white, Eigen::Vector2d::Zero(), 2.0, false, CounterRng(1)), InputError);
  EXPECT_THROW(sample_image(10, GrayImage{}, Eigen::Vector2d::Zero(), 2.0, false, CounterRng(1)), InputError);
}
