// The playground's integrals: every grid divergence between a two-mode mixture and a Gaussian
// against scipy's adaptive 2D quadrature (tests/data/divergence/reference.json), mixture moments,
// responsibilities, the particle KDE against the exact KDE mixture, and the names and errors.
#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/divergence/grid_divergence.hpp"
#include "solvers/divergence/particle_density.hpp"
#include "test_divergence_reference.hpp"

namespace monge {
namespace {

using test::divergence_reference;
using test::square_grid;

Mixture2D mixture(const nlohmann::json& list) { return Mixture2D::from_components(test::json_components(list), "mixture"); }

TEST(DivergenceQuadrature, GridDivergencesMatchAdaptiveQuadrature) {
  const auto ref = divergence_reference()["divergences"];
  const Mixture2D p = mixture(ref["p"]), q = mixture(ref["q"]);
  // The same box as the reference; 160² cells (h = 0.1): the midpoint rule is exact to rounding
  // for these smooth integrands, to O(h²) for TV's kink.
  const QuadratureGrid g = square_grid(ref["box"].get<double>(), 160);
  const std::vector<double> lp = log_density_on_grid(p, g), lq = log_density_on_grid(q, g);
  for (const auto& v : ref["values"]) {
    const DivergenceKind kind = parse_divergence(v["divergence"].get<std::string>(), "divergence");
    const double got = grid_divergence(kind, v["alpha"].get<double>(), lp, lq, g);
    SCOPED_TRACE(v["divergence"].get<std::string>() + " alpha " + std::to_string(v["alpha"].get<double>()));
    EXPECT_NEAR(got, v["value"].get<double>(), kind == DivergenceKind::TotalVariation ? 2e-4 : 1e-9);
  }
}

TEST(DivergenceQuadrature, MassOutsideTheGridCounts) {
  // q entirely outside the box (Q = 1), p inside but for P ≈ 3e-12 of its tails: nearly disjoint
  // supports, so JS = log 2, TV = 1, H² = 1 − √P and reverse KL = log(1/P), not 0.
  const QuadratureGrid g = square_grid(5, 96);
  const Mixture2D p = Mixture2D::gaussian(Eigen::Vector2d::Zero(), 0.5 * Eigen::Matrix2d::Identity());
  const Mixture2D q = Mixture2D::gaussian(Eigen::Vector2d(40.0, 0.0), Eigen::Matrix2d::Identity());
  const std::vector<double> lp = log_density_on_grid(p, g), lq = log_density_on_grid(q, g);
  double inside = 0;
  for (double v : lp) inside += std::exp(v) * g.cell_area();
  const double P = 1.0 - inside;
  ASSERT_GT(P, 1e-12);
  EXPECT_NEAR(grid_divergence(DivergenceKind::JensenShannon, 0, lp, lq, g), std::log(2.0), 1e-9);
  EXPECT_NEAR(grid_divergence(DivergenceKind::TotalVariation, 0, lp, lq, g), 1.0, 1e-9);
  EXPECT_NEAR(grid_divergence(DivergenceKind::Hellinger, 0, lp, lq, g), 1.0 - std::sqrt(P), 1e-9);
  // P ≈ 3e-12 as 1 minus a sum of 9216 cells carries ~1e-15 of rounding: log(1/P) to ~1e-3.
  EXPECT_NEAR(grid_divergence(DivergenceKind::ReverseKL, 0, lp, lq, g), std::log(1.0 / P), 1e-3);
  // And its gradient pulls q back: moving q's mean towards the box lowers reverse KL.
  const Mixture2D nearer = Mixture2D::gaussian(Eigen::Vector2d(6.0, 0.0), Eigen::Matrix2d::Identity());
  EXPECT_LT(grid_divergence(DivergenceKind::ReverseKL, 0, lp, log_density_on_grid(nearer, g), g),
            grid_divergence(DivergenceKind::ReverseKL, 0, lp, lq, g));
}

TEST(DivergenceQuadrature, MixtureMomentsAndResponsibilities) {
  const nlohmann::json all = divergence_reference();
  ASSERT_EQ(all["mixture_moments"].size(), 2u);
  for (const auto& ref : all["mixture_moments"]) {
    const Mixture2D p = mixture(ref["components"]);
    for (int r = 0; r < 2; ++r) {
      EXPECT_NEAR(p.overall_mean()[r], ref["mean"][r].get<double>(), 1e-12);
      for (int k = 0; k < 2; ++k) EXPECT_NEAR(p.overall_covariance()(r, k), ref["cov"][r][k].get<double>(), 1e-12);
    }
    // Grid moments of the density agree with the closed forms: the quadrature integrates to 1.
    const QuadratureGrid g = square_grid(9, 180);
    const std::vector<double> lp = log_density_on_grid(p, g);
    double mass = 0, mx = 0;
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const double w = std::exp(lp[j * g.nx + i]) * g.cell_area();
        mass += w;
        mx += w * g.x(i);
      }
    EXPECT_NEAR(mass, 1.0, 1e-12);
    EXPECT_NEAR(mx, p.overall_mean()[0], 1e-12);
    const Eigen::MatrixXd r = responsibilities_on_grid(p, g);
    EXPECT_LT((r.colwise().sum().array() - 1.0).abs().maxCoeff(), 1e-12);
  }
}

TEST(DivergenceQuadrature, ParticleDensityIsTheKdeWithItsFloor) {
  const QuadratureGrid g = square_grid(4, 48);
  const Points X = sample_gaussian(30, Eigen::Vector2d(0.3, -0.2), Eigen::Matrix2d::Identity(), CounterRng(8, 1));
  const double h = 0.35, floor = 1e-6;
  ParticleDensity density(g, h, floor);
  std::vector<double> lq;
  density.evaluate(X, lq);
  const std::vector<double> exact = log_density_on_grid(kde_mixture(X, {}, h), g);
  // Kernels are cut 6 bandwidths out along each axis: e^-18 ≈ 1.5e-8 of a kernel's peak
  // 1/(2π h²) ≈ 1.3, over 30 particles.
  const double uniform = floor / (8.0 * 8.0);
  for (int c = 0; c < g.size(); ++c)
    ASSERT_NEAR(std::exp(lq[c]), (1 - floor) * std::exp(exact[c]) + uniform, 2e-8) << c;
  // Scott's rule: N^(-1/6) times the mean standard deviation.
  const Eigen::MatrixXd D = X.cast<double>();
  const Eigen::MatrixXd C = D.rowwise() - D.colwise().mean();
  const double sd = 0.5 * (std::sqrt(C.col(0).squaredNorm() / 29) + std::sqrt(C.col(1).squaredNorm() / 29));
  EXPECT_NEAR(scott_rule_bandwidth(X), std::pow(30.0, -1.0 / 6.0) * sd, 1e-12);
}

TEST(DivergenceQuadrature, ParticlesFarOffTheGridAddOnlyTheFloor) {
  const QuadratureGrid g = square_grid(2, 16);
  ParticleDensity density(g, 0.3);
  Points X(2, 2);
  X << 1e30f, -1e30f, 50.0f, 0.0f;
  std::vector<double> lq;
  density.evaluate(X, lq);
  for (double v : lq) EXPECT_DOUBLE_EQ(v, std::log(1e-6 / 16.0));
  const Points grad = density.gradient(std::vector<double>(g.size(), 1.0));
  EXPECT_EQ(grad, Points::Zero(2, 2));
}

TEST(DivergenceQuadrature, NamesAndBadInput) {
  int count = 0;
  const char* const* names = divergence_names(&count);
  ASSERT_EQ(count, 8);
  for (int k = 0; k < count; ++k) EXPECT_EQ(divergence_name(parse_divergence(names[k], "x")), std::string(names[k]));
  try {
    parse_divergence("kl", "flow.divergence");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("flow.divergence: expected one of forward-kl"), std::string::npos) << e.what();
  }
  QuadratureGrid bad = square_grid(1, 2);
  EXPECT_THROW(validate_grid(bad, "grid"), InputError);
  bad = square_grid(1, 8);
  bad.x1 = bad.x0;
  EXPECT_THROW(validate_grid(bad, "grid"), InputError);
  EXPECT_THROW(Mixture2D::from_components({{1.0, Eigen::Vector2d::Zero(), -Eigen::Matrix2d::Identity()}}, "t"), InputError);
  EXPECT_THROW(Mixture2D(Eigen::VectorXd::Zero(5)), InputError);
  EXPECT_THROW(ParticleDensity(square_grid(1, 8), 0.0), InputError);
}

}  // namespace
}  // namespace monge
