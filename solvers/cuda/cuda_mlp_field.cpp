#include "solvers/cuda/cuda_mlp_field.hpp"

#include <string>

#include "base/errors.hpp"

namespace monge::cuda {

namespace {

MlpShape shape_of(const deform::MlpField& field) {
  MlpShape shape;
  for (const deform::MlpField::Layer& l : field.layers())
    shape.layers.push_back(MlpLayerShape{l.in, l.out, l.weight_offset, l.bias_offset});
  shape.parameter_count = field.parameter_count();
  shape.activation = field.options().activation;
  for (int j = 0; j < 3; ++j) shape.center[j] = field.options().center[j];
  shape.scale = field.options().scale;
  return shape;
}

}  // namespace

CudaMlpField::CudaMlpField(const deform::MlpOptions& options) : cpu_(options), device_(shape_of(cpu_)) {}

void CudaMlpField::check_shapes(const deform::Parameters& theta, const Points& X) const {
  if (theta.size() != parameter_count())
    throw InputError("mlp theta: expected " + std::to_string(parameter_count()) + " parameters, got " +
                     std::to_string(theta.size()));
  if (X.cols() != 3) throw InputError("mlp points: expected 3 columns, got " + std::to_string(X.cols()));
}

void CudaMlpField::forward(const deform::Parameters& theta, const Points& X, float t, Points& V) {
  check_shapes(theta, X);
  V.resize(X.rows(), 3);
  device_.forward(theta.data(), X.data(), static_cast<int>(X.rows()), t, V.data());
}

void CudaMlpField::vjp(const deform::Parameters& theta, const Points& X, float t, const Points& dV,
                       deform::Parameters& grad_theta, Points& grad_X) {
  check_shapes(theta, X);
  if (dV.rows() != X.rows() || dV.cols() != 3)
    throw InputError("mlp dV: expected " + std::to_string(X.rows()) + " by 3, got " + std::to_string(dV.rows()) +
                     " by " + std::to_string(dV.cols()));
  if (grad_theta.size() != parameter_count())
    throw InputError("mlp grad_theta: expected " + std::to_string(parameter_count()) + " entries, got " +
                     std::to_string(grad_theta.size()));
  grad_X.resize(X.rows(), 3);
  grad_.resize(parameter_count());
  device_.vjp(theta.data(), X.data(), static_cast<int>(X.rows()), t, dV.data(), grad_.data(), grad_X.data());
  grad_theta += grad_;
}

}  // namespace monge::cuda
