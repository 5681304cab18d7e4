// Bures-Wasserstein geometry against tests/data/gaussian/reference.json (numpy/scipy/POT):
// W2 between Gaussians to 1e-9 (including a nearly-cancelling case), the linear OT map against
// POT's ot.da.OT_mapping_linear, the geodesic's covariance at t, GBW_M by its expanded formula,
// the affine-invariant distance and geodesic; plus properties the closed forms imply.
#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.hpp"
#include "solvers/gaussian/affine_invariant.hpp"
#include "solvers/gaussian/bures_wasserstein.hpp"
#include "solvers/gaussian/spd.hpp"
#include "tests/common/gaussian_reference.hpp"
#include "tests/common/input_errors.hpp"

namespace monge::gaussian {
namespace {

using test::gaussian_reference;
using test::json_matrix;
using test::json_vector;
using test::relative_difference;

TEST(GaussianBures, W2MatchesTheClosedFormTo1e9) {
  const auto& cases = gaussian_reference()["w2"];
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    const Gaussian a{json_vector(c["m1"]), json_matrix(c["A"])}, b{json_vector(c["m2"]), json_matrix(c["B"])};
    const double w2 = c["w2_squared"], bures = c["bures_squared"];
    EXPECT_NEAR(BuresMetric().squared(a, b), w2, 1e-9 * std::max(1.0, w2));
    EXPECT_NEAR(bures_squared(a.cov, b.cov), bures, 1e-9 * std::max(1.0, bures));
    // Symmetric, and zero from a Gaussian to itself.
    EXPECT_NEAR(BuresMetric().squared(b, a), w2, 1e-9 * std::max(1.0, w2));
    EXPECT_NEAR(bures_squared(a.cov, a.cov), 0.0, 1e-9);
  }
}

TEST(GaussianBures, OptimalMapMatchesPotsLinearMapping) {
  for (const auto& c : gaussian_reference()["pot_map"]) {
    const Eigen::MatrixXd Cs = json_matrix(c["Cs"]), Ct = json_matrix(c["Ct"]), A = json_matrix(c["A"]);
    const Eigen::MatrixXd T = bures_map(Cs, Ct);
    EXPECT_LT(relative_difference(T, A), 1e-9) << T << "\nPOT:\n" << A;
    // POT maps row vectors, x -> x A + b; with T symmetric b = m_t - T m_s.
    const Eigen::VectorXd b = json_vector(c["mean_t"]) - T * json_vector(c["mean_s"]);
    EXPECT_LT((b - json_vector(c["b"])).cwiseAbs().maxCoeff(), 1e-9);
    // T pushes N(0, Cs) to N(0, Ct).
    EXPECT_LT(relative_difference(T * Cs * T, Ct), 1e-9);
  }
}

TEST(GaussianBures, GeodesicCovarianceMatchesTheClosedForm) {
  for (const auto& c : gaussian_reference()["geodesic"]) {
    const Eigen::MatrixXd A = json_matrix(c["A"]), B = json_matrix(c["B"]);
    EXPECT_LT(relative_difference(bures_map(A, B), json_matrix(c["map"])), 1e-9);
    const double total = bures_squared(A, B);
    for (const auto& p : c["points"]) {
      const double t = p["t"];
      const Eigen::MatrixXd S = bures_geodesic(A, B, t);
      EXPECT_LT(relative_difference(S, json_matrix(p["cov"])), 1e-9) << "t = " << t;
      // Constant speed: BW(A, S_t) = t BW(A, B).
      EXPECT_NEAR(std::sqrt(bures_squared(A, S)), t * std::sqrt(total), 1e-7) << "t = " << t;
      EXPECT_NEAR(bures_squared(A, S), double(p["bures_from_start"]), 1e-9);
    }
  }
}

TEST(GaussianBures, GeneralisedMetricMatchesItsExpandedFormula) {
  for (const auto& c : gaussian_reference()["gbw"]) {
    const Eigen::MatrixXd A = json_matrix(c["A"]), B = json_matrix(c["B"]), M = json_matrix(c["M"]);
    const BuresMetric gbw(M);
    const double expected = c["gbw_squared"];
    EXPECT_NEAR(gbw.squared(A, B), expected, 1e-9 * std::max(1.0, expected));
    for (const auto& g : c["geodesic"]) {
      const double t = g["t"];
      EXPECT_LT(relative_difference(gbw.geodesic(A, B, t), json_matrix(g["cov"])), 1e-9) << "t = " << t;
    }
    // The optimal map for the cost (x-y)^T M^-1 (x-y) pushes A to B, and M = I gives back BW.
    const Eigen::MatrixXd L = gbw.transport_map(A, B);
    EXPECT_LT(relative_difference(L * A * L.transpose(), B), 1e-9);
    const Eigen::Index d = A.rows();
    EXPECT_NEAR(BuresMetric(Eigen::MatrixXd::Identity(d, d)).squared(A, B), bures_squared(A, B), 1e-12);
    // Scaling M by c scales GBW^2 by 1/c.
    EXPECT_NEAR(BuresMetric(4.0 * M).squared(A, B), expected / 4.0, 1e-9);
  }
}

TEST(GaussianBures, AnisotropicMetricBendsTheGeodesic) {
  // Two thin ellipses at right angles: BW shrinks through a rounder shape; a metric that makes
  // one diagonal cheap passes through a different covariance at t = 1/2.
  Eigen::MatrixXd A(2, 2), B(2, 2);
  A << 4, 0, 0, 0.1;
  B << 0.1, 0, 0, 4;
  const Eigen::MatrixXd M = matrix_from_axes(M_PI / 4, 8.0, 0.5);
  const Eigen::MatrixXd bw = bures_geodesic(A, B, 0.5), gbw = BuresMetric(M).geodesic(A, B, 0.5);
  EXPECT_GT((bw - gbw).norm(), 0.5);
  // Both end where they should.
  EXPECT_LT(relative_difference(BuresMetric(M).geodesic(A, B, 1.0), B), 1e-9);
  EXPECT_LT(relative_difference(BuresMetric(M).geodesic(A, B, 0.0), A), 1e-12);
}

TEST(GaussianBures, AffineInvariantDistanceAndGeodesic) {
  for (const auto& c : gaussian_reference()["ai"]) {
    const Eigen::MatrixXd A = json_matrix(c["A"]), B = json_matrix(c["B"]);
    const double expected = c["ai_squared"];
    EXPECT_NEAR(affine_invariant_squared(A, B), expected, 1e-9 * std::max(1.0, expected));
    EXPECT_LT(relative_difference(affine_invariant_geodesic(A, B, c["geodesic_t"]), json_matrix(c["geodesic"])), 1e-9);
    // Invariance under congruence: d(C A C^T, C B C^T) = d(A, B).
    Eigen::MatrixXd C = Eigen::MatrixXd::Identity(A.rows(), A.cols());
    C(0, 1) = 0.7;
    C(1, 0) = -0.2;
    EXPECT_NEAR(affine_invariant_squared(C * A * C.transpose(), C * B * C.transpose()), expected, 1e-8 * expected);
  }
}

TEST(GaussianBures, SpdChecksNameTheField) {
  Eigen::MatrixXd bad(2, 2);
  bad << 1, 2, 2, 1;  // eigenvalues 3 and -1
  EXPECT_ERROR_CONTAINS(require_spd(bad, 2, "flow.M"), "flow.M: not symmetric positive definite");
  EXPECT_ERROR_CONTAINS(require_spd(Eigen::MatrixXd::Identity(3, 3), 2, "source.cov"), "expected a 2x2 matrix");
  Eigen::MatrixXd asymmetric(2, 2);
  asymmetric << 1, 0.5, 0, 1;
  EXPECT_FALSE(is_spd(asymmetric));
  EXPECT_TRUE(is_spd(matrix_from_axes(0.3, 2.0, 0.5)));
}

}  // namespace
}  // namespace monge::gaussian
