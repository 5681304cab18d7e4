#pragma once
// Adam (Kingma & Ba 2015) on a flat float parameter vector:
//   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
//   theta <- theta - lr * (m / (1 - b1^k)) / (sqrt(v / (1 - b2^k)) + eps),  k = 1, 2, ...
// Deterministic: element-wise, no reductions, so the result does not depend on threads.
#include <Eigen/Core>

namespace monge::deform {

struct AdamOptions {
  double learning_rate = 1e-3;  // > 0
  double beta1 = 0.9;           // in [0, 1)
  double beta2 = 0.999;         // in [0, 1)
  double epsilon = 1e-8;        // > 0
};

class Adam {
 public:
  // Throws InputError naming the bad option.
  explicit Adam(const AdamOptions& options = {});

  // One update of theta with gradient grad (same size). The moments are sized on the first call
  // (or when the size changes, which also restarts the step count).
  void step(Eigen::VectorXf& theta, const Eigen::VectorXf& grad);

  void reset() { steps_ = 0; }
  int steps() const { return steps_; }
  const AdamOptions& options() const { return options_; }
  void set_learning_rate(double lr);

 private:
  AdamOptions options_;
  Eigen::VectorXf m_, v_;
  int steps_ = 0;
};

}  // namespace monge::deform
