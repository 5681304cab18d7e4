// Diffusion as a Wasserstein gradient flow (solvers/gaussian/noised_mixture, probability_flow,
// flow_matching): the noised mixture's log-density and score against scipy
// (tests/data/gaussian/reference.json), the exact field's curl is zero, KL and Fisher information
// against the single-Gaussian closed form and de Bruijn's identity, the exact-score sampler maps
// N(0, I) onto the mixture within the Monte-Carlo error of SW_2 (the reference's 99th percentile
// of SW_2 between two independent exact samples of the same size), and flow matching: bit-identical
// training on 1 and 2 threads, a learned field with a clearly non-zero curl whose samples' SW_2 to
// the data stays within 2.5 times the exact sampler's (1000 points, the same noise).
#include <gtest/gtest.h>
#include <omp.h>

#include <Eigen/LU>  // inverse, determinant

#include <chrono>
#include <cmath>

#include "solvers/common/random.hpp"
#include "solvers/common/shapes.hpp"
#include "solvers/gaussian/diffusion_forward_flow.hpp"
#include "solvers/gaussian/flow_matching.hpp"
#include "solvers/gaussian/noised_mixture.hpp"
#include "solvers/gaussian/probability_flow.hpp"
#include "solvers/sliced/sliced_wasserstein.hpp"
#include "tests/common/gaussian_reference.hpp"

namespace monge::gaussian {
namespace {

using test::gaussian_reference;
using test::json_matrix;
using test::json_vector;

std::vector<GaussianComponent> reference_components() {
  std::vector<GaussianComponent> out;
  for (const auto& c : gaussian_reference()["mixture"]["components"])
    out.push_back({c["weight"].get<double>(), json_vector(c["mean"]), json_matrix(c["cov"])});
  return out;
}

const nlohmann::json& null_sw(int n) {
  for (const auto& s : gaussian_reference()["sw_null"])
    if (s["n"] == n) return s;
  ADD_FAILURE() << "no SW null distribution for n = " << n;
  return gaussian_reference()["sw_null"][0];
}

double sw2(const Points& X, const Points& Y, int projections) {
  SlicedWasserstein sw;
  SlicedOptions o;
  o.projections = projections;
  o.seed = 99;
  return sw.evaluate(X, {}, Y, {}, o).value;
}

Points standard_normal(int n, std::uint64_t stream) {
  return sample_gaussian(n, Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2), CounterRng(5, stream));
}

// The probability-flow ODE from t = T down to 0 in `steps` RK4 steps.
void run_sampler(DiffusionField& field, Points& X, double T, int steps) {
  Rk4Stepper rk4;
  for (int k = 0; k < steps; ++k) rk4.step(field, X, T * double(steps - k) / steps, -T / steps);
}

TEST(GaussianDiffusion, NoisedMixtureMatchesScipy) {
  const NoisedMixture mixture(reference_components());
  for (const auto& p : gaussian_reference()["mixture"]["points"]) {
    const double t = p["t"];
    const Eigen::Vector2d x = json_vector(p["x"]);
    Eigen::Vector2d score;
    const double log_p = mixture.at(t).log_density(x, &score);
    EXPECT_NEAR(log_p, double(p["log_density"]), 1e-9 * std::max(1.0, std::abs(double(p["log_density"]))));
    EXPECT_LT((score - json_vector(p["score"])).norm(), 1e-9 * std::max(1.0, score.norm())) << "t " << t;
  }
}

TEST(GaussianDiffusion, ExactVelocityIsAGradientField) {
  // Central differences in double of v = -x - grad log p_t: the Jacobian is symmetric (curl 0)
  // and the score is the gradient of the log-density.
  const NoisedMixture mixture(reference_components());
  const CounterRng rng(1, 2);
  for (double t : {0.05, 0.5, 2.0}) {
    const NoisedMixture::AtTime p = mixture.at(t);
    for (int i = 0; i < 20; ++i) {
      const Eigen::Vector2d x(1.5 * rng.normal(2 * i), 1.5 * rng.normal(2 * i + 1));
      const double h = 1e-5;
      const Eigen::Vector2d ex(h, 0), ey(0, h);
      const Eigen::Vector2d dx = (p.velocity(x + ex) - p.velocity(x - ex)) / (2 * h);
      const Eigen::Vector2d dy = (p.velocity(x + ey) - p.velocity(x - ey)) / (2 * h);
      const double scale = std::max(1.0, std::max(dx.norm(), dy.norm()));
      EXPECT_LT(std::abs(dx[1] - dy[0]), 1e-6 * scale) << "t " << t << " x " << x.transpose();
      Eigen::Vector2d score;
      p.log_density(x, &score);
      const Eigen::Vector2d fd((p.log_density(x + ex) - p.log_density(x - ex)) / (2 * h),
                               (p.log_density(x + ey) - p.log_density(x - ey)) / (2 * h));
      EXPECT_LT((fd - score).norm(), 1e-6 * std::max(1.0, score.norm()));
    }
  }
}

TEST(GaussianDiffusion, KlAndFisherMatchClosedFormsAndDeBruijn) {
  // One component: p_t = N(mu, C), mu = a m, C = a^2 S + (1 - a^2) I.
  Eigen::Matrix2d S;
  S << 0.5, 0.2, 0.2, 0.3;
  const NoisedMixture single({{1.0, Eigen::Vector2d(1.0, -0.5), S}});
  for (double t : {0.1, 0.7}) {
    const Gaussian g = single.components_at(t)[0];
    const Eigen::Matrix2d C = g.cov, P = C.inverse(), I = Eigen::Matrix2d::Identity();
    const double kl = 0.5 * (C.trace() + g.mean.squaredNorm() - 2 - std::log(C.determinant()));
    // v = -x - score = -x + P (x - mu): mean -mu + 0, covariance (P - I) C (P - I)... as |v|^2.
    const Eigen::Matrix2d A = P - I;
    const Eigen::Vector2d b = -P * g.mean;
    const double fisher = (A * C * A.transpose()).trace() + (A * g.mean + b).squaredNorm();
    const KlAndFisher q = kl_and_fisher(single, t);
    EXPECT_NEAR(q.kl, kl, 1e-6) << "t " << t;
    EXPECT_NEAR(q.fisher, fisher, 1e-6) << "t " << t;
  }
  // The mixture: d/dt KL(p_t | N(0, I)) = -E|v_t|^2 (the gradient flow's energy dissipation).
  const NoisedMixture mixture(reference_components());
  for (double t : {0.2, 1.0}) {
    const double h = 1e-3;
    const double slope = (kl_and_fisher(mixture, t + h).kl - kl_and_fisher(mixture, t - h).kl) / (2 * h);
    const double fisher = kl_and_fisher(mixture, t).fisher;
    EXPECT_NEAR(slope, -fisher, 1e-4 * fisher) << "t " << t;
  }
}

TEST(GaussianDiffusion, ExactScoreSamplerReachesTheDataWithinMonteCarloError) {
  const std::vector<GaussianComponent> components = reference_components();
  const NoisedMixture mixture(components);
  ExactVelocity field(mixture);
  const nlohmann::json& null = null_sw(4000);
  Points X = standard_normal(4000, 1);
  run_sampler(field, X, 4.0, 80);
  const Points data = sample_gaussian_mixture(4000, components, CounterRng(5, 2));
  const double sw = sw2(X, data, null["projections"]);
  const double q99 = null["q99"];
  std::printf("exact sampler, 4000 points: SW_2 to the data %.4f (null median %.4f, q99 %.4f)\n", sw,
              double(null["median"]), q99);
  // SW_2 between two independent exact 4000-samples exceeds q99 one time in a hundred.
  EXPECT_LT(sw, q99) << "median of the null " << double(null["median"]);
  // The mean and covariance against the mixture's exact moments, 5 standard errors.
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  Eigen::Matrix2d second = Eigen::Matrix2d::Zero();
  double total = 0;
  for (const auto& c : components) total += c.weight;
  for (const auto& c : components) {
    mean += c.weight / total * c.mean;
    second += c.weight / total * (c.cov + c.mean * c.mean.transpose());
  }
  const Eigen::Matrix2d cov = second - mean * mean.transpose();
  const Eigen::Vector2d m = X.cast<double>().colwise().mean();
  const Eigen::MatrixXd centred = X.cast<double>().rowwise() - m.transpose();
  const Eigen::Matrix2d c = centred.transpose() * centred / X.rows();
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(m[i], mean[i], 5 * std::sqrt(cov(i, i) / X.rows()));
    EXPECT_NEAR(c(i, i), cov(i, i), 5 * cov(i, i) * std::sqrt(2.0 / X.rows()) + 0.01);
  }
}

// The sanitizer pass (Debug -O1 with ASan, about ten times slower) trains a quarter as long and
// checks the curl and determinism only; the Release pure tier checks the transport too.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kTrainingIterations = 300;
constexpr bool kCheckTransport = false;
#else
constexpr int kTrainingIterations = 1200;
constexpr bool kCheckTransport = true;
#endif

FlowMatchingOptions small_training() {
  FlowMatchingOptions o;
  o.hidden_width = 48;
  o.batch = 256;
  o.schedule = kTrainingIterations;
  o.seed = 3;
  return o;
}

TEST(GaussianDiffusion, FlowMatchingIsBitIdenticalAcrossThreadCounts) {
  const std::vector<GaussianComponent> components = reference_components();
  const int threads = omp_get_max_threads();
  std::vector<deform::Parameters> results;
  for (int n : {1, 2}) {
    omp_set_num_threads(n);
    FlowMatchingTrainer trainer(components, small_training());
    for (int i = 0; i < 15; ++i) trainer.step();
    results.push_back(trainer.parameters());
  }
  omp_set_num_threads(threads);
  EXPECT_TRUE(results[0] == results[1]) << "max difference " << (results[0] - results[1]).cwiseAbs().maxCoeff();
}

TEST(GaussianDiffusion, LearnedFieldIsNotConservativeYetTransportsTheData) {
  const std::vector<GaussianComponent> components = reference_components();
  const NoisedMixture mixture(components);
  FlowMatchingTrainer trainer(components, small_training());
  const auto start = std::chrono::steady_clock::now();
  double first = 0, last = 0;
  const int iterations = small_training().schedule;
  for (int i = 0; i < iterations; ++i) {
    const double loss = trainer.step();
    if (i < 100) first += loss / 100;
    if (i >= iterations - 100) last += loss / 100;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("flow matching: %d iterations in %.2f s, loss %.3f -> %.3f\n", iterations, seconds, first, last);
  EXPECT_LT(last, first);

  ExactVelocity exact(mixture);
  LearnedVelocity learned(trainer);
  const int n = 1000;
  Points noise = standard_normal(n, 3);
  Points X_exact = noise, X_learned = noise;
  run_sampler(exact, X_exact, small_training().horizon, 80);
  run_sampler(learned, X_learned, small_training().horizon, 80);
  const Points data = sample_gaussian_mixture(n, components, CounterRng(5, 4));
  const double sw_exact = sw2(X_exact, data, 128), sw_learned = sw2(X_learned, data, 128);
  std::printf("SW_2 to the data: exact %.4f, learned %.4f (null median %.4f, q99 %.4f)\n", sw_exact, sw_learned,
              double(null_sw(n)["median"]), double(null_sw(n)["q99"]));
  EXPECT_LT(sw_exact, double(null_sw(n)["q99"]));
  if (kCheckTransport) {
    EXPECT_LT(sw_learned, 2.5 * sw_exact);
  }

  // The curl over samples of p_t at t = 0.5 (the exact sampler's cloud there), relative to the
  // Jacobian's size: rounding for the exact field, clearly positive for the learned one.
  Points at_half = noise.topRows(256);
  Rk4Stepper rk4;
  for (int k = 0; k < 70; ++k) rk4.step(exact, at_half, 4.0 - k * 3.5 / 70, -3.5 / 70);
  Points J;
  velocity_jacobians(exact, at_half, 0.5, 5e-3f, J);
  const CurlStatistics exact_curl = curl_statistics(J);
  velocity_jacobians(learned, at_half, 0.5, 5e-3f, J);
  const CurlStatistics learned_curl = curl_statistics(J);
  std::printf("curl / |J| at t = 0.5: exact %.2e, learned %.3f\n", exact_curl.ratio(), learned_curl.ratio());
  EXPECT_LT(exact_curl.ratio(), 1e-3);
  EXPECT_GT(learned_curl.ratio(), 0.02);
}

}  // namespace
}  // namespace monge::gaussian
