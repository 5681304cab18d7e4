// Sliced-Wasserstein estimators: Gaussian closed forms, control variates (Nguyen & Ho 2023),
// Max-SW and v-DSW, the direction schemes, the vMF sampler, determinism and input errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"

using namespace monge;

namespace {

Points gaussian_cloud(int n, int d, std::uint64_t seed) {
  const CounterRng rng(seed, 1);
  Points Z(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) Z(i, j) = rng.normal(static_cast<std::uint64_t>(i) * d + j);
  return Z;
}

// X = m1 + s1 Z, Y = m2 + s2 Z with the same standard normal sample Z: along any direction the
// two projections are sorted alike, so for these very clouds
//   SW_2^2 = (|dm|^2 + 2 (s1 - s2) dm . mean(Z) + (s1 - s2)^2 mean|Z|^2) / d   exactly,
// and as n grows it tends to the population closed form |dm|^2 / d + (s1 - s2)^2.
struct GaussianPair {
  Points X, Y;
  double sample_sw2, population_sw2;
};

GaussianPair gaussian_pair(int n, int d, double s1, double s2, std::uint64_t seed) {
  const Points Z = gaussian_cloud(n, d, seed);
  Eigen::RowVectorXf m1 = Eigen::RowVectorXf::LinSpaced(d, 0.5f, 1.0f), m2 = Eigen::RowVectorXf::LinSpaced(d, -0.3f, 0.2f);
  GaussianPair g;
  g.X = (Z * s1).rowwise() + m1;
  g.Y = (Z * s2).rowwise() + m2;
  const Eigen::VectorXd dm = (m1 - m2).transpose().cast<double>();
  const Eigen::VectorXd zbar = Z.cast<double>().colwise().mean().transpose();
  const double z2 = Z.cast<double>().rowwise().squaredNorm().mean();
  g.sample_sw2 = (dm.squaredNorm() + 2 * (s1 - s2) * dm.dot(zbar) + (s1 - s2) * (s1 - s2) * z2) / d;
  g.population_sw2 = dm.squaredNorm() / d + (s1 - s2) * (s1 - s2);
  return g;
}

}  // namespace

TEST(SlicedGaussian, EstimatesMatchTheClosedFormWithinTheirStandardError) {
  SlicedWasserstein engine;
  for (int d : {2, 3}) {
    const GaussianPair g = gaussian_pair(20000, d, 1.0, 0.4, 11 + d);
    // The sample's value is within 1% of the population closed form at n = 20000.
    EXPECT_NEAR(g.sample_sw2, g.population_sw2, 0.01 * g.population_sw2);
    for (auto scheme : {DirectionScheme::MonteCarlo, DirectionScheme::Orthogonal, DirectionScheme::QuasiMonteCarlo})
      for (auto est : {Estimator::Plain, Estimator::LowerCV, Estimator::UpperCV}) {
        SlicedOptions o;
        o.projections = 200;
        o.directions = scheme;
        o.estimator = est;
        o.seed = 3;
        const SlicedResult r = engine.evaluate(g.X, {}, g.Y, {}, o);
        const std::string what = std::string(direction_scheme_name(scheme)) + "/" + estimator_name(est) + " d=" + std::to_string(d);
        EXPECT_GT(r.std_error_pow, 0.0) << what;
        EXPECT_NEAR(r.value_pow, g.sample_sw2, 4 * r.std_error_pow + 1e-5 * g.sample_sw2) << what;
        EXPECT_NEAR(r.value_pow, g.population_sw2, 4 * r.std_error_pow + 0.01 * g.population_sw2) << what;
        EXPECT_NEAR(r.value, std::sqrt(r.value_pow), 1e-12) << what;
        EXPECT_NEAR(r.std_error, r.std_error_pow / (2 * r.value), 1e-12) << what;
      }
  }
}

TEST(SlicedControlVariates, LowerVarianceSameMeanOverManySeeds) {
  // Non-Gaussian clouds of different shapes and means: the Gaussian control variates are
  // informative but not exact. L = 10 directions, 300 seeds.
  const int n = 400, d = 3, L = 10, seeds = 300;
  Points X = gaussian_cloud(n, d, 1), Y = gaussian_cloud(n + 50, d, 2);
  X.col(0) *= 1.5f;
  X.col(1) = X.col(1).array().cube() * 0.5f;
  Y.col(0) = Y.col(0).array().abs() + 2.0f;
  Y.col(1) = Y.col(1).array() - 1.0f;
  Y.col(2) = Y.col(2) * 1.5f + Eigen::VectorXf::Constant(n + 50, 1.5f);
  SlicedWasserstein engine;
  double sum[3] = {0, 0, 0}, sum2[3] = {0, 0, 0}, diff_sum[2] = {0, 0}, diff_sum2[2] = {0, 0};
  for (int s = 0; s < seeds; ++s) {
    double v[3];
    for (int e = 0; e < 3; ++e) {
      SlicedOptions o;
      o.projections = L;
      o.seed = 100 + s;
      o.estimator = static_cast<Estimator>(e);
      v[e] = engine.evaluate(X, {}, Y, {}, o).value_pow;
      sum[e] += v[e];
      sum2[e] += v[e] * v[e];
    }
    for (int e = 0; e < 2; ++e) {
      diff_sum[e] += v[e + 1] - v[0];
      diff_sum2[e] += (v[e + 1] - v[0]) * (v[e + 1] - v[0]);
    }
  }
  double mean[3], var[3];
  for (int e = 0; e < 3; ++e) {
    mean[e] = sum[e] / seeds;
    var[e] = sum2[e] / seeds - mean[e] * mean[e];
  }
  std::printf("variance over %d seeds at L = %d: plain %.4g, lcv %.4g, ucv %.4g\n", seeds, L, var[0], var[1], var[2]);
  EXPECT_LT(var[1], 0.8 * var[0]) << "LCV variance " << var[1] << " vs plain " << var[0];
  EXPECT_LT(var[2], 0.8 * var[0]) << "UCV variance " << var[2] << " vs plain " << var[0];
  for (int e = 0; e < 2; ++e) {
    // Same seed, same directions: the paired difference of the means is tested against its own
    // standard error (the control variate adds a bias of order 1/L only).
    const double dm = diff_sum[e] / seeds;
    const double dse = std::sqrt((diff_sum2[e] / seeds - dm * dm) / seeds);
    EXPECT_LT(std::abs(dm), 4 * dse + 0.01 * mean[0]) << (e ? "UCV" : "LCV") << " mean " << mean[e + 1] << " vs " << mean[0];
  }
}

TEST(SlicedMax, AtLeastTheMonteCarloEstimateAndExactOnAShift) {
  SlicedWasserstein engine;
  for (int d : {2, 3, 6}) {
    const Points X = gaussian_cloud(500, d, 4), Y = gaussian_cloud(300, d, 5) * 1.7f;
    for (int seed = 0; seed < 4; ++seed) {
      SlicedOptions o;
      o.projections = 30;
      o.seed = seed;
      const SlicedResult sw = engine.evaluate(X, {}, Y, {}, o);
      double best_projected = 0;
      for (double c : engine.projected_costs()) best_projected = std::max(best_projected, c);
      o.directions = DirectionScheme::MaxSliced;
      const SlicedResult mx = engine.evaluate(X, {}, Y, {}, o);
      EXPECT_GE(mx.value, sw.value) << "d = " << d;
      EXPECT_GE(mx.value_pow, best_projected) << "d = " << d;
      EXPECT_EQ(engine.directions().rows(), 1);
      EXPECT_NEAR(engine.directions().row(0).norm(), 1.0f, 1e-5f);
    }
    // A pure translation: W_2 along theta is |theta . dm|, so Max-SW_2 = |dm| at theta = dm/|dm|.
    const GaussianPair g = gaussian_pair(2000, d, 0.8, 0.8, 7);
    SlicedOptions o;
    o.directions = DirectionScheme::MaxSliced;
    o.projections = 10;
    const SlicedResult mx = engine.evaluate(g.X, {}, g.Y, {}, o);
    const double dm = std::sqrt(g.population_sw2 * d);
    EXPECT_NEAR(mx.value, dm, 1e-3 * dm) << "d = " << d;
  }
}

TEST(SlicedVmf, SamplerMeanResultantLengthMatchesBessel) {
  // E<theta, mu> = I_{d/2}(kappa) / I_{d/2-1}(kappa) for vMF(mu, kappa) on S^{d-1}.
  for (int d : {2, 3, 5})
    for (double kappa : {1.0, 10.0, 80.0}) {
      const int n = 20000;
      Eigen::VectorXf mu = Eigen::VectorXf::LinSpaced(d, 1.0f, 2.0f).normalized();
      Points theta(n, d);
      sample_vmf(mu.data(), kappa, d, 17, 3, 0, n, theta);
      const Eigen::VectorXd w = (theta.cast<double>() * mu.cast<double>());
      const double mean = w.mean();
      const double sd = std::sqrt((w.array() - mean).square().mean());
      const double expected = std::cyl_bessel_i(d / 2.0, kappa) / std::cyl_bessel_i(d / 2.0 - 1.0, kappa);
      EXPECT_NEAR(mean, expected, 4 * sd / std::sqrt(n) + 1e-6) << "d = " << d << " kappa = " << kappa;
      EXPECT_LT((theta.rowwise().norm().array() - 1.0f).abs().maxCoeff(), 1e-5f);
    }
}

TEST(SlicedVmf, BetweenSlicedAndMaxSliced) {
  SlicedWasserstein engine;
  const int d = 3;
  const GaussianPair g = gaussian_pair(3000, d, 0.8, 0.8, 9);
  SlicedOptions o;
  o.projections = 200;
  o.seed = 2;
  const SlicedResult sw = engine.evaluate(g.X, {}, g.Y, {}, o);
  o.directions = DirectionScheme::MaxSliced;
  const SlicedResult mx = engine.evaluate(g.X, {}, g.Y, {}, o);
  o.directions = DirectionScheme::VonMisesFisher;
  o.kappa = 200;
  const SlicedResult vmf = engine.evaluate(g.X, {}, g.Y, {}, o);
  EXPECT_GT(vmf.value, sw.value + 3 * sw.std_error);
  EXPECT_LE(vmf.value, mx.value + 1e-6);
  // A translation by dm: W_2^2 along theta is (theta . dm)^2, and with the location at dm/|dm|,
  // E_vMF (theta . u)^2 = 1 - 2 (coth kappa - 1/kappa) / kappa in 3D.
  const double k = o.kappa;
  const double ew2 = 1 - 2 * (1 / std::tanh(k) - 1 / k) / k;
  const double dm2 = g.population_sw2 * d;
  EXPECT_NEAR(vmf.value_pow, dm2 * ew2, 4 * vmf.std_error_pow + 2e-3 * dm2);
}

TEST(SlicedDirections, OrthogonalBlocksQmcSpacingUnitNorms) {
  const CounterRng rng(8, 0);
  Points theta;
  draw_directions(DirectionScheme::Orthogonal, 10, 4, rng, theta);
  ASSERT_EQ(theta.rows(), 10);
  for (int block = 0; block < 2; ++block) {
    const Eigen::MatrixXf Q = theta.middleRows(block * 4, 4);
    EXPECT_LT((Q * Q.transpose() - Eigen::MatrixXf::Identity(4, 4)).cwiseAbs().maxCoeff(), 1e-5f);
  }
  draw_directions(DirectionScheme::QuasiMonteCarlo, 16, 2, rng, theta);
  for (int l = 1; l < 16; ++l) {
    const double a0 = std::atan2(theta(l - 1, 1), theta(l - 1, 0)), a1 = std::atan2(theta(l, 1), theta(l, 0));
    EXPECT_NEAR(a1 - a0, M_PI / 16, 1e-5);
  }
  draw_directions(DirectionScheme::QuasiMonteCarlo, 100, 3, rng, theta);
  EXPECT_LT((theta.rowwise().norm().array() - 1.0f).abs().maxCoeff(), 1e-5f);
  // Fibonacci points are spread: the mean is near zero and no two points coincide.
  EXPECT_LT(theta.colwise().mean().norm(), 0.05f);
  draw_directions(DirectionScheme::MonteCarlo, 50, 7, rng, theta);
  EXPECT_LT((theta.rowwise().norm().array() - 1.0f).abs().maxCoeff(), 1e-5f);
  EXPECT_THROW(draw_directions(DirectionScheme::QuasiMonteCarlo, 10, 4, rng, theta), InputError);
}

TEST(SlicedDeterminism, SameSeedSameResultOtherSeedOtherResult) {
  const Points X = gaussian_cloud(3000, 2, 1), Y = gaussian_cloud(2000, 2, 2) * 2.0f;
  for (auto scheme : {DirectionScheme::MonteCarlo, DirectionScheme::Orthogonal, DirectionScheme::QuasiMonteCarlo,
                      DirectionScheme::MaxSliced, DirectionScheme::VonMisesFisher}) {
    SlicedOptions o;
    o.directions = scheme;
    o.projections = 20;
    o.seed = 42;
    SlicedWasserstein a, b;
    Points ga, gb;
    const SlicedResult ra = a.evaluate(X, {}, Y, {}, o, &ga);
    const SlicedResult rb = b.evaluate(X, {}, Y, {}, o, &gb);
    EXPECT_EQ(ra.value, rb.value) << direction_scheme_name(scheme);
    EXPECT_EQ(ga, gb) << direction_scheme_name(scheme);
    o.seed = 43;
    EXPECT_NE(a.evaluate(X, {}, Y, {}, o).value, ra.value) << direction_scheme_name(scheme);
  }
}

TEST(SlicedErrors, MessagesNameTheParameter) {
  SlicedWasserstein engine;
  const Points X = gaussian_cloud(10, 2, 1), Y3 = gaussian_cloud(10, 3, 2);
  auto message = [&](auto&& call) -> std::string {
    try {
      call();
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no error)";
  };
  SlicedOptions o;
  EXPECT_NE(message([&] { engine.evaluate(X, {}, Y3, {}, o); }).find("dimension mismatch"), std::string::npos);
  EXPECT_NE(message([&] { engine.evaluate(X, Weights::Ones(9), X, {}, o); }).find("weights of X"), std::string::npos);
  EXPECT_NE(message([&] { engine.evaluate(X, {}, X, Weights::Zero(10), o); }).find("sum to zero"), std::string::npos);
  Points bad = X;
  bad(3, 1) = NAN;
  EXPECT_NE(message([&] { engine.evaluate(bad, {}, X, {}, o); }).find("point 3"), std::string::npos);
  o.p = 3;
  EXPECT_NE(message([&] { engine.evaluate(X, {}, X, {}, o); }).find("p:"), std::string::npos);
  o.p = 2;
  o.projections = 0;
  EXPECT_NE(message([&] { engine.evaluate(X, {}, X, {}, o); }).find("projections"), std::string::npos);
  o.projections = 5;
  o.directions = DirectionScheme::MaxSliced;
  o.estimator = Estimator::UpperCV;
  EXPECT_NE(message([&] { engine.evaluate(X, {}, X, {}, o); }).find("estimator"), std::string::npos);
  EXPECT_THROW(parse_direction_scheme("random", "--directions"), InputError);
  EXPECT_EQ(parse_estimator("lcv", "--estimator"), Estimator::LowerCV);
}
