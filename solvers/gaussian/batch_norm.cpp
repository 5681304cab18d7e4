#include "solvers/gaussian/batch_norm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "base/errors.hpp"
#include "solvers/common/dense_factorisations.hpp"
#include "solvers/gaussian/affine_invariant.hpp"
#include "solvers/gaussian/bures_barycentre.hpp"
#include "solvers/gaussian/bures_wasserstein.hpp"
#include "solvers/gaussian/spd.hpp"

namespace monge::gaussian {

const char* spd_metric_name(SpdMetric metric) {
  return metric == SpdMetric::BuresWasserstein ? "bw" : "ai";
}

SpdMetric parse_spd_metric(const std::string& name, const std::string& what) {
  if (name == "bw") return SpdMetric::BuresWasserstein;
  if (name == "ai") return SpdMetric::AffineInvariant;
  throw InputError(what + ": expected one of bw, ai, got '" + name + "'");
}

double spd_distance_squared(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, SpdMetric metric) {
  return metric == SpdMetric::BuresWasserstein ? bures_squared(A, B) : affine_invariant_squared(A, B);
}

Eigen::MatrixXd spd_geodesic(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double t, SpdMetric metric) {
  return metric == SpdMetric::BuresWasserstein ? bures_geodesic(A, B, t) : affine_invariant_geodesic(A, B, t);
}

Eigen::MatrixXd spd_barycentre(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& batch,
                               SpdMetric metric, double tolerance, const Eigen::MatrixXd& start) {
  if (metric == SpdMetric::BuresWasserstein) return bures_barycentre(weights, batch, tolerance, 1000, start).cov;
  return karcher_mean(normalised_weights(weights, "barycentre weights"), batch, tolerance, 1000, start).mean;
}

double spd_spread(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& batch,
                  const Eigen::MatrixXd& centre, SpdMetric metric) {
  const std::vector<double> w = normalised_weights(weights, "spread weights");
  double spread = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) spread += w[i] * spd_distance_squared(centre, batch[i], metric);
  return spread;
}

BatchNormResult riemannian_batch_norm(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& batch,
                                      SpdMetric metric, double target_spread, double tolerance) {
  const std::vector<double> w = normalised_weights(weights, "batch weights");
  const Eigen::Index d = batch.front().rows();
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(d, d);
  BatchNormResult r;
  r.barycentre = spd_barycentre(w, batch, metric, tolerance);
  r.spread_before = spd_spread(w, batch, r.barycentre, metric);
  // Tangent vectors at I of the centred batch before rescaling: T_i - I (BW) or L_i (AI).
  std::vector<Eigen::MatrixXd> tangents;
  double tangent_spread = 0;  // the centred batch's spread about I with s = 1
  if (metric == SpdMetric::BuresWasserstein) {
    for (const Eigen::MatrixXd& S : batch) tangents.push_back(bures_map(r.barycentre, S) - I);
    for (std::size_t i = 0; i < batch.size(); ++i) tangent_spread += w[i] * tangents[i].squaredNorm();
  } else {
    const Eigen::MatrixXd inv_root = spd_inv_sqrt(r.barycentre);
    for (const Eigen::MatrixXd& S : batch) tangents.push_back(spd_log(symmetrised(inv_root * S * inv_root)));
    for (std::size_t i = 0; i < batch.size(); ++i) tangent_spread += w[i] * tangents[i].squaredNorm();
  }
  if (target_spread > 0) {
    if (!(tangent_spread > 0)) throw InputError("spread: the batch has no spread to rescale (all members equal)");
    r.scale = std::sqrt(target_spread / tangent_spread);
  }
  if (metric == SpdMetric::BuresWasserstein && r.scale > 1) {
    // I + s (T_i - I) must stay positive definite: s < 1 / (1 - lambda_min(T_i)) where that is < 1.
    double limit = std::numeric_limits<double>::infinity();
    for (const Eigen::MatrixXd& V : tangents) {
      const double lo = symmetric_eigen(V).values.minCoeff();
      if (lo < 0) limit = std::min(limit, -1.0 / lo);
    }
    if (r.scale >= limit) {
      std::ostringstream s;
      s << "spread: " << target_spread << " is too large for this batch under bw (a member would leave the "
        << "positive definite cone); at most " << tangent_spread * limit * limit;
      throw InputError(s.str());
    }
  }
  for (const Eigen::MatrixXd& V : tangents) {
    if (metric == SpdMetric::BuresWasserstein) {
      const Eigen::MatrixXd map = I + r.scale * V;
      r.normalised.push_back(symmetrised(map * map));
    } else {
      r.normalised.push_back(symmetric_exp(r.scale * V));
    }
  }
  r.spread_after = spd_spread(w, r.normalised, I, metric);
  return r;
}

std::vector<Eigen::MatrixXd> random_spd_batch(int count, const Eigen::MatrixXd& centre, double condition,
                                              const CounterRng& rng) {
  const Eigen::Index d = centre.rows();
  const Eigen::MatrixXd centre_root = spd_sqrt(centre);
  const double half_log = 0.5 * std::log(condition);
  std::vector<Eigen::MatrixXd> batch;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t base = 32 * static_cast<std::uint64_t>(i);
    Eigen::MatrixXd Z(d, d);
    for (Eigen::Index r = 0; r < d; ++r)
      for (Eigen::Index c = 0; c < d; ++c) Z(r, c) = rng.normal(base + static_cast<std::uint64_t>(r * d + c));
    Eigen::MatrixXd Q, R;
    householder_qr(Z, Q, R);  // Q is Haar-distributed once its columns take the signs of diag(R)
    for (Eigen::Index c = 0; c < d; ++c)
      if (R(c, c) < 0) Q.col(c) *= -1.0;
    Eigen::VectorXd eigenvalues(d);
    for (Eigen::Index j = 0; j < d; ++j)
      eigenvalues[j] = std::exp(half_log * (2.0 * rng.uniform(base + 16 + static_cast<std::uint64_t>(j)) - 1.0));
    batch.push_back(symmetrised(centre_root * Q * eigenvalues.asDiagonal() * Q.transpose() * centre_root));
  }
  return batch;
}

}  // namespace monge::gaussian
