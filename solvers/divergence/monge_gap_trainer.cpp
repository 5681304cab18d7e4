#include "solvers/divergence/monge_gap_trainer.hpp"

#include <cmath>
#include <string>

#include "base/errors.hpp"
#include "solvers/divergence/amortised_sinkhorn.hpp"
#include "solvers/divergence/one_thread.hpp"

namespace monge {
namespace {

deform::MlpOptions mlp_options(const MongeGapOptions& o, const Eigen::Vector2f& centre, float scale) {
  deform::MlpOptions m;
  m.width = o.width;
  m.depth = o.depth;
  m.activation = o.activation;
  m.last_layer_scale = o.init_scale;
  m.center = Eigen::Vector3f(centre[0], centre[1], 0.0f);
  m.scale = scale;
  return m;
}

// The MLP's input frame: centre and half-diagonal of the bounding box of both 2D clouds.
deform::MlpOptions framed_options(const MongeGapOptions& o, const Points& X, const Points& Y) {
  if (X.rows() < 1 || Y.rows() < 1 || X.cols() != 2 || Y.cols() != 2)
    throw InputError("monge-gap: expected non-empty 2D source and target samples");
  const Eigen::RowVector2f lo = X.colwise().minCoeff().cwiseMin(Y.colwise().minCoeff());
  const Eigen::RowVector2f hi = X.colwise().maxCoeff().cwiseMax(Y.colwise().maxCoeff());
  const Eigen::RowVector2f centre = 0.5f * (lo + hi);
  const float scale = 0.5f * (hi - lo).norm();
  return mlp_options(o, centre.transpose(), std::isfinite(scale) && scale > 0 ? scale : 1.0f);
}

}  // namespace

MlpMap2D::MlpMap2D(const MongeGapOptions& options, const Points& X, const Points& Y)
    : field_(framed_options(options, X, Y)), residual_(options.residual) {
  base_ = field_.options().center.head<2>().transpose();
}

void MlpMap2D::lift(const Points& X) {
  X3_.resize(X.rows(), 3);
  X3_.leftCols(2) = X;
  X3_.col(2).setZero();
}

void MlpMap2D::apply(const deform::Parameters& theta, const Points& X, Points& TX) {
  lift(X);
  field_.forward(theta, X3_, 0.0f, V_);
  if (residual_)
    TX = X + V_.leftCols(2);
  else
    TX = V_.leftCols(2).rowwise() + base_;
}

void MlpMap2D::vjp(const deform::Parameters& theta, const Points& X, const Points& dTX, deform::Parameters& grad) {
  lift(X);
  dV_.resize(X.rows(), 3);
  dV_.leftCols(2) = dTX;
  dV_.col(2).setZero();
  grad.setZero(field_.parameter_count());
  field_.vjp(theta, X3_, 0.0f, dV_, grad, dX_);
}

MongeGapTrainer::MongeGapTrainer(Points X, Points Y, const MongeGapOptions& options)
    : X_(std::move(X)), Y_(std::move(Y)), options_(options), map_(options, X_, Y_) {
  if (!(options.lambda >= 0) || !std::isfinite(options.lambda)) throw InputError("lambda: must be >= 0");
  if (!(options.eps > 0) || !std::isfinite(options.eps)) throw InputError("eps: must be positive");
  if (!(options.tol >= 0) || options.max_iter < 1) throw InputError("tol, max_iter: must be >= 0 and >= 1");
  if (!X_.allFinite() || !Y_.allFinite()) throw InputError("monge-gap: the samples must be finite");
  deform::AdamOptions adam;
  adam.learning_rate = options.learning_rate;  // Adam checks it
  state_.adam = deform::Adam(adam);
  state_.theta = map_.initial_parameters(options.seed);
  OneThreadScope one_thread;
  map_.apply(state_.theta, X_, pushed_);
  start_ = pushed_;
}

SinkhornOptions MongeGapTrainer::sinkhorn(bool cold) const {
  SinkhornOptions o;
  o.eps = options_.eps;
  o.tol = options_.tol;
  o.max_iter = options_.max_iter;
  // No kernel truncation: these are warm-started, 50-iteration solves of points that move every
  // step, and a mask chosen from the previous step's potentials kept the wrong blocks (measured on
  // the Gaussian test flow: errors 0.1-0.9 after 50 iterations truncated, about 1e-3 without). At
  // the sizes this trainer takes (hundreds to a few thousand samples) every block costs little.
  o.truncate = false;
  return amortised(o, cold);
}

void MongeGapTrainer::iterate() {
  OneThreadScope one_thread;
  start_ = pushed_;
  const DivergenceResult* warm_fit = state_.warm_fit ? &*state_.warm_fit : nullptr;
  const SinkhornResult* warm_gap = state_.warm_gap ? &*state_.warm_gap : nullptr;
  DivergenceResult fit = sinkhorn_divergence(start_, {}, Y_, {}, sinkhorn(!warm_fit), true, warm_fit, warm_fit != nullptr);
  MongeGapResult gap = monge_gap(X_, start_, sinkhorn(!warm_gap), options_.lambda > 0, warm_gap);
  fitting_ = fit.value;
  gap_ = gap.value;
  Points dT = fit.gradient;
  if (options_.lambda > 0) dT += static_cast<float>(options_.lambda) * gap.gradient;
  deform::Parameters grad;
  map_.vjp(state_.theta, X_, dT, grad);
  state_.adam.step(state_.theta, grad);
  state_.iterations += 1;
  state_.warm_fit = std::move(fit);
  state_.warm_gap = std::move(gap.solve);
  map_.apply(state_.theta, X_, pushed_);
  if (!state_.theta.allFinite() || !pushed_.allFinite())
    throw SolverError("monge-gap: the map left the range of finite numbers at iteration " +
                      std::to_string(state_.iterations) + "; use a smaller flow.learning_rate");
}

Points MongeGapTrainer::map(const Points& P) {
  OneThreadScope one_thread;
  Points out;
  map_.apply(state_.theta, P, out);
  return out;
}

void MongeGapTrainer::restore(const State& state) {
  state_ = state;
  OneThreadScope one_thread;
  map_.apply(state_.theta, X_, pushed_);
  start_ = pushed_;
}

}  // namespace monge
