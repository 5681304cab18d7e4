#pragma once
// External potentials V(x) for free energies F(rho) = int V drho + ... (see docs/energy.md).
// A Potential is a small value type: the flows evaluate V and grad V at every particle every step,
// so evaluation is inline-free plain code over a float point of dimension d (2 or 3).
#include <Eigen/Core>
#include <string>
#include <vector>

namespace monge {

enum class PotentialKind {
  None,             // V = 0 (heat flow, pure aggregation)
  Quadratic,        // V(x) = 1/2 (x - c)^T A (x - c), A symmetric positive definite
  DoubleWell,       // V(x) = depth (x_0^2 - 1)^2 + 1/2 sum_{k>0} x_k^2: wells at x_0 = +-1
  GaussianMixture,  // V(x) = -log sum_k w_k N(x; m_k, S_k): the flow is the KL flow to the mixture
};

struct MixtureComponent {
  double weight = 1.0;      // > 0; normalised over the components
  Eigen::VectorXd mean;     // d
  Eigen::MatrixXd cov;      // d by d, symmetric positive definite
};

class Potential {
 public:
  static constexpr std::size_t kMaxComponents = 16;  // mixture components, evaluated on the stack
  Potential() = default;  // V = 0
  // center: d, matrix: d by d SPD (throws InputError naming `what` otherwise).
  static Potential quadratic(const Eigen::VectorXd& center, const Eigen::MatrixXd& matrix,
                             const std::string& what = "potential");
  // depth > 0; d is the dimension of the points it will see.
  static Potential double_well(double depth, int d);
  // components: non-empty, all of dimension d, SPD covariances, positive weights.
  static Potential gaussian_mixture(const std::vector<MixtureComponent>& components,
                                    const std::string& what = "potential");

  PotentialKind kind() const { return kind_; }
  // Dimension the potential was built for (0 for None: any).
  int dim() const { return dim_; }
  // V(x) for a point x of dimension d.
  double value(const float* x, int d) const;
  // V(x), and grad V(x) written to g[0..d).
  double value_and_gradient(const float* x, int d, double* g) const;

  // Parameters (read by the UI and docs).
  const Eigen::VectorXd& center() const { return center_; }
  const Eigen::MatrixXd& matrix() const { return matrix_; }
  double depth() const { return depth_; }

 private:
  PotentialKind kind_ = PotentialKind::None;
  int dim_ = 0;
  Eigen::VectorXd center_;  // quadratic
  Eigen::MatrixXd matrix_;  // quadratic
  double depth_ = 1.0;      // double well
  // Mixture, precomputed: log of (weight / normaliser), means, precision matrices.
  std::vector<double> log_coef_;
  std::vector<Eigen::VectorXd> means_;
  std::vector<Eigen::MatrixXd> precisions_;
};

}  // namespace monge
