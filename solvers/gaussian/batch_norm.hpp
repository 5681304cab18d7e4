#pragma once
// Riemannian batch normalisation of a batch of SPD matrices (covariances): centre the batch at its
// barycentre, move that barycentre to the identity, and optionally rescale the batch's spread
// (Brooks et al. 2019 under the affine-invariant metric; Wang et al. 2025 under Bures-Wasserstein).
//
// Under the affine-invariant metric (AI), with G the Karcher mean and L_i = log(G^-1/2 S_i G^-1/2):
//   S_i -> exp(s L_i),
// the congruence by G^-1/2 (an AI isometry, so the spread is kept when s = 1) and a geodesic
// rescaling; the Karcher mean of the result is I because sum_i w_i L_i = 0 at G.
// Under Bures-Wasserstein (BW), with B the BW barycentre and T_i the optimal map from N(0, B) to
// N(0, S_i) (bures_wasserstein.hpp):
//   S_i -> (I + s (T_i - I))^2,
// i.e. the map that carries the barycentre to S_i is applied to N(0, I) instead (rescaled by s
// about the identity). BW is not congruence-invariant, so the AI recipe would not centre it; this
// one does exactly: the first-order condition at B is sum_i w_i T_i = I, hence
// sum_i w_i (I + s (T_i - I)) = I, which is the fixed-point condition of the barycentre at I
// (bures_barycentre.hpp). s > 1 is refused when some I + s (T_i - I) would not stay positive
// definite.
//
// The spread of a batch about a centre C is sum_i w_i d^2(C, S_i) in the chosen metric; s is
// chosen so that the normalised batch's spread about I equals the requested one.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "solvers/common/random.hpp"

namespace monge::gaussian {

enum class SpdMetric { BuresWasserstein, AffineInvariant };
// "bw", "ai".
const char* spd_metric_name(SpdMetric metric);
// Throws InputError("<what>: expected one of bw, ai, got '...'").
SpdMetric parse_spd_metric(const std::string& name, const std::string& what);

double spd_distance_squared(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, SpdMetric metric);
// The metric's geodesic from A (t = 0) to B (t = 1).
Eigen::MatrixXd spd_geodesic(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double t, SpdMetric metric);
// The metric's barycentre (BW fixed point or Karcher mean) of the batch, solved to `tolerance`
// from `start` (empty: the solvers' defaults). weights normalised (bures_barycentre.hpp).
Eigen::MatrixXd spd_barycentre(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& batch,
                               SpdMetric metric, double tolerance = 1e-13,
                               const Eigen::MatrixXd& start = Eigen::MatrixXd());
// sum_i w_i d^2(centre, S_i), weights normalised.
double spd_spread(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& batch,
                  const Eigen::MatrixXd& centre, SpdMetric metric);

struct BatchNormResult {
  Eigen::MatrixXd barycentre;              // of the input batch
  std::vector<Eigen::MatrixXd> normalised; // the batch centred at I (and rescaled)
  double spread_before = 0;                // about the barycentre
  double spread_after = 0;                 // of the normalised batch about I
  double scale = 1;                        // s
};
// target_spread 0 keeps s = 1. Throws InputError naming "spread" when the target cannot be met.
BatchNormResult riemannian_batch_norm(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& batch,
                                      SpdMetric metric, double target_spread = 0, double tolerance = 1e-13);

// count random d by d SPD matrices C^1/2 R_i diag(e^u_i1, ..., e^u_id) R_i^T C^1/2 with R_i a
// uniformly random orthogonal matrix, u_ij uniform in [-log(condition)/2, log(condition)/2]: an
// ill-conditioned batch scattered about `centre` (C, d by d SPD). Matrix i reads the normals of
// block range [8 i, 8 i + 8) of `rng` (d <= 4).
std::vector<Eigen::MatrixXd> random_spd_batch(int count, const Eigen::MatrixXd& centre, double condition,
                                              const CounterRng& rng);

}  // namespace monge::gaussian
