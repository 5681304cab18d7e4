#pragma once
// The Bures-Wasserstein geometry: the 2-Wasserstein distance between Gaussians, its optimal maps
// and geodesics, in closed form; and its generalisation GBW_M (Han et al. 2021, "Generalized
// Bures-Wasserstein geometry for positive definite matrices", the metric of Wang et al. 2025,
// "Learning to Normalize on the SPD Manifold under Bures-Wasserstein Geometry").
//
//   W2^2(N(m1, A), N(m2, B)) = |m1 - m2|^2 + BW^2(A, B),
//   BW^2(A, B) = tr A + tr B - 2 tr (A^1/2 B A^1/2)^1/2,
//   optimal map x -> m2 + T (x - m1),  T = A^-1/2 (A^1/2 B A^1/2)^1/2 A^-1/2  (symmetric PSD),
//   geodesic (McCann interpolation) N(m_t, S_t): m_t = (1-t) m1 + t m2,
//                                                S_t = ((1-t) I + t T) A ((1-t) I + t T).
// GBW_M with an SPD matrix M: GBW_M(A, B) = BW(M^-1/2 A M^-1/2, M^-1/2 B M^-1/2), which expands
// to tr(M^-1 A) + tr(M^-1 B) - 2 tr (A^1/2 M^-1 B M^-1 A^1/2)^1/2. For Gaussians it is W2 under the
// ground cost (x - y)^T M^-1 (x - y): the congruence by M^-1/2 is an isometry onto BW, so maps,
// geodesics and barycentres are BW's conjugated by M^1/2. M = I is BW. Directions in which M is
// large are cheap to move along, so an anisotropic M bends the geodesics.
//
// Shapes: means are d vectors, covariances d by d SPD (not checked here: the flows and scene
// readers validate them with require_spd). Double precision throughout.
#include <vector>

#include <Eigen/Core>

namespace monge::gaussian {

struct Gaussian {
  Eigen::VectorXd mean;  // d
  Eigen::MatrixXd cov;   // d by d, SPD
};

// BW^2(A, B), clamped at 0 against rounding.
double bures_squared(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B);
// The symmetric PSD T with T A T = B: the linear part of the optimal map from N(., A) to N(., B).
Eigen::MatrixXd bures_map(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B);
// S_t of the McCann interpolation from A (t = 0) to B (t = 1).
Eigen::MatrixXd bures_geodesic(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double t);

// GBW_M, or BW when built without M. Holds M^1/2 and M^-1/2.
class BuresMetric {
 public:
  BuresMetric() = default;  // BW: M = I
  // GBW_M. M must be SPD (checked by the caller: require_spd).
  explicit BuresMetric(const Eigen::MatrixXd& M);

  bool generalised() const { return M_.size() > 0; }
  const Eigen::MatrixXd& M() const { return M_; }  // empty for BW

  // M^-1/2 A M^-1/2 (A for BW): into the coordinates where the metric is BW.
  Eigen::MatrixXd to_bures(const Eigen::MatrixXd& A) const;
  // M^1/2 A M^1/2: back.
  Eigen::MatrixXd from_bures(const Eigen::MatrixXd& A) const;
  // M^1/2 L M^-1/2: a linear map of the BW coordinates as a map of the original ones.
  Eigen::MatrixXd map_from_bures(const Eigen::MatrixXd& L) const;
  // M^-1/2 v: a displacement into the BW coordinates.
  Eigen::VectorXd vector_to_bures(const Eigen::VectorXd& v) const;

  // GBW_M^2(A, B).
  double squared(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) const;
  // W2^2 under the cost (x - y)^T M^-1 (x - y): |m1 - m2|^2_{M^-1} + GBW_M^2(A, B).
  double squared(const Gaussian& a, const Gaussian& b) const;
  // The linear part L of the optimal map x -> m_b + L (x - m_a) for this cost (L A L^T = B;
  // symmetric for BW, M^-1-self-adjoint for GBW).
  Eigen::MatrixXd transport_map(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) const;
  // The geodesic's covariance at t in [0, 1].
  Eigen::MatrixXd geodesic(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double t) const;
  // The geodesic between Gaussians (the mean moves on a straight line for every M).
  Gaussian geodesic(const Gaussian& a, const Gaussian& b, double t) const;

 private:
  Eigen::MatrixXd M_, root_, inv_root_;
};

}  // namespace monge::gaussian
