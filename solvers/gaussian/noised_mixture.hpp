#pragma once
// A 2D Gaussian mixture noised by the Ornstein-Uhlenbeck process of diffusion models,
//   dX = -X dt + sqrt(2) dW,    X_0 ~ p_0 = sum_k w_k N(m_k, S_k),
// whose law stays a mixture with exact density and score at every time:
//   p_t = sum_k w_k N(a m_k, a^2 S_k + (1 - a^2) I),   a = e^-t,
//   grad log p_t(x) = -sum_k g_k(x) C_k^-1 (x - a m_k),  g_k the responsibilities, C_k = a^2 S_k + (1 - a^2) I.
// The probability-flow velocity v_t(x) = -x - grad log p_t(x) moves particles so that their law
// stays p_t (no noise): it is the Wasserstein gradient flow of KL(rho | N(0, I)), since
// -grad(log(rho / N(0, I))) = -grad log rho - x. Running it backwards from t = T carries N(0, I)
// (about p_T) onto the data.
#include <vector>

#include <Eigen/Core>

#include "solvers/common/shapes.hpp"
#include "solvers/gaussian/bures_wasserstein.hpp"

namespace monge::gaussian {

class NoisedMixture {
 public:
  static constexpr std::size_t kMaxComponents = 64;
  // At most kMaxComponents 2D components (mean 2, cov 2 by 2 SPD, weight >= 0, positive sum); weights are normalised.
  // Throws InputError naming "components[k].<field>".
  explicit NoisedMixture(const std::vector<GaussianComponent>& components);

  int size() const { return static_cast<int>(weights_.size()); }
  double weight(int k) const { return weights_[k]; }
  // The components of p_t.
  std::vector<Gaussian> components_at(double t) const;
  const std::vector<GaussianComponent>& data() const { return data_; }

  // p_t frozen at one time: inverses and normalisers precomputed, then cheap per point.
  class AtTime {
   public:
    // log p_t(x) and, if score is not null, grad log p_t(x).
    double log_density(const Eigen::Vector2d& x, Eigen::Vector2d* score = nullptr) const;
    // -x - grad log p_t(x).
    Eigen::Vector2d velocity(const Eigen::Vector2d& x) const;

   private:
    friend class NoisedMixture;
    struct Component {
      Eigen::Vector2d mean;
      Eigen::Matrix2d precision;  // C_k^-1
      double log_normaliser = 0;  // log w_k - log(2 pi) - 1/2 log det C_k
    };
    std::vector<Component> components_;
  };
  AtTime at(double t) const;

 private:
  std::vector<GaussianComponent> data_;
  std::vector<double> weights_;
};

}  // namespace monge::gaussian
