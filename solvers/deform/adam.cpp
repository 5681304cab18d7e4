#include "solvers/deform/adam.hpp"

#include <cmath>
#include <string>

#include "base/errors.hpp"

namespace monge::deform {

Adam::Adam(const AdamOptions& options) : options_(options) {
  set_learning_rate(options.learning_rate);
  if (!(options.beta1 >= 0 && options.beta1 < 1))
    throw InputError("adam beta1: expected a number in [0, 1), got " + std::to_string(options.beta1));
  if (!(options.beta2 >= 0 && options.beta2 < 1))
    throw InputError("adam beta2: expected a number in [0, 1), got " + std::to_string(options.beta2));
  if (!(options.epsilon > 0) || !std::isfinite(options.epsilon))
    throw InputError("adam epsilon: expected a positive number, got " + std::to_string(options.epsilon));
}

void Adam::set_learning_rate(double lr) {
  if (!(lr > 0) || !std::isfinite(lr))
    throw InputError("learning rate: expected a positive number, got " + std::to_string(lr));
  options_.learning_rate = lr;
}

void Adam::step(Eigen::VectorXf& theta, const Eigen::VectorXf& grad) {
  if (m_.size() != theta.size() || steps_ == 0) {
    m_.setZero(theta.size());
    v_.setZero(theta.size());
    steps_ = 0;
  }
  ++steps_;
  const float b1 = static_cast<float>(options_.beta1), b2 = static_cast<float>(options_.beta2);
  // Bias corrections folded into the step size and epsilon (computed in double: b^k underflows
  // gracefully to 0).
  const double c1 = 1.0 - std::pow(options_.beta1, steps_), c2 = 1.0 - std::pow(options_.beta2, steps_);
  const float step_size = static_cast<float>(options_.learning_rate / c1);
  const float inv_sqrt_c2 = static_cast<float>(1.0 / std::sqrt(c2));
  const float eps = static_cast<float>(options_.epsilon);
  m_.array() = b1 * m_.array() + (1.0f - b1) * grad.array();
  v_.array() = b2 * v_.array() + (1.0f - b2) * grad.array().square();
  theta.array() -= step_size * m_.array() / ((v_.array().sqrt() * inv_sqrt_c2) + eps);
}

}  // namespace monge::deform
