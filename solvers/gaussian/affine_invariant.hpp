#pragma once
// The affine-invariant (AI) metric on SPD matrices, the geometry of the classic Riemannian batch
// normalisation (Brooks et al. 2019), shown beside Bures-Wasserstein for contrast:
//   d_AI(A, B) = || log(A^-1/2 B A^-1/2) ||_F,
//   geodesic A #_t B = A^1/2 (A^-1/2 B A^-1/2)^t A^1/2,
//   Karcher (Frechet) mean G of weighted A_i: the fixed point of
//     G <- G^1/2 exp(sum_i w_i log(G^-1/2 A_i G^-1/2)) G^1/2,
//   which is invariant under congruence: the mean of {C A_i C^T} is C G C^T. Ill-conditioned
//   matrices are far apart under AI (log of a tiny eigenvalue) and close under BW.
// Inputs d by d SPD; weights are normalised here (non-negative, positive sum: checked by callers).
#include <vector>

#include <Eigen/Core>

namespace monge::gaussian {

double affine_invariant_squared(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B);
Eigen::MatrixXd affine_invariant_geodesic(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double t);

struct KarcherResult {
  Eigen::MatrixXd mean;   // d by d
  int iterations = 0;
  double residual = 0;    // || sum_i w_i log(G^-1/2 A_i G^-1/2) ||_F at the returned G
  bool converged = false; // residual <= tolerance
};
// From `start` (empty: the weighted log-Euclidean mean exp(sum w_i log A_i)), until the residual
// (the norm of the Riemannian gradient) falls to `tolerance` or `max_iterations` pass.
KarcherResult karcher_mean(const std::vector<double>& weights, const std::vector<Eigen::MatrixXd>& matrices,
                           double tolerance = 1e-13, int max_iterations = 200,
                           const Eigen::MatrixXd& start = Eigen::MatrixXd());

}  // namespace monge::gaussian
