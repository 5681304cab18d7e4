// Sections: names · construction · objective · step · state and figures · diagnostics
#include "solvers/divergence/divergence_fit.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"

namespace monge {
namespace {

const char* const kModels[] = {"gaussian", "mixture", "particles"};
const std::uint64_t kNoiseStream = mix64(0x6d6f64656cull);  // "model"

// The largest |log L_kk| and |mean| a model may reach before the step is called a blow-up.
constexpr double kMaxLogScale = 30.0, kMaxCoordinate = 1e6;

std::vector<double> exp_of(const std::vector<double>& v) {
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = std::exp(v[i]);
  return out;
}

EllipseSet ellipses(const std::string& name, const std::vector<GaussianComponent>& components, bool with_weights) {
  EllipseSet e;
  e.name = name;
  const int K = static_cast<int>(components.size());
  e.means.resize(K, 2);
  e.covariances.resize(K, 4);
  if (with_weights) e.values.resize(K);
  for (int k = 0; k < K; ++k) {
    const auto& c = components[k];
    e.means.row(k) << static_cast<float>(c.mean[0]), static_cast<float>(c.mean[1]);
    e.covariances.row(k) << static_cast<float>(c.cov(0, 0)), static_cast<float>(c.cov(0, 1)),
        static_cast<float>(c.cov(1, 0)), static_cast<float>(c.cov(1, 1));
    if (with_weights) e.values[k] = static_cast<float>(c.weight);
  }
  return e;
}

// The diagonal blocks of the model's Fisher information, inverted and applied to a gradient: a
// step then means the same for a target of any scale or shape (plain gradient descent on the
// mean of N(m, Σ) under forward KL contracts at rate step/σ² along each axis: stalls along wide
// axes, oscillates along narrow ones). Per component k, with weight w_k (at least 1e-2):
//   mean      Σ_k / w_k        (the Fisher block of a mean is w_k Σ_k^-1)
//   log L00, log L11   1 / w_k (log-scales: their Fisher block is w_k times a constant)
//   L10       L11² / w_k       (moving L10 by δ moves x1 by δ z0: δ / L11 in whitened units)
//   logit     1 / w_k          (softmax: the Fisher matrix is diag(w) − w wᵀ)
Eigen::VectorXd natural_gradient(const Mixture2D& q, const Eigen::VectorXd& grad) {
  Eigen::VectorXd out = grad;
  const Eigen::VectorXd w = q.weights();
  for (int k = 0; k < q.size(); ++k) {
    const double inv_w = 1.0 / std::max(w[k], 1e-2);
    double* g = out.data() + Mixture2D::kPerComponent * k;
    const Eigen::Vector2d m = q.covariance(k) * Eigen::Vector2d(g[1], g[2]);
    const double l11 = q.cholesky(k)(1, 1);
    g[0] *= inv_w;
    g[1] = m[0] * inv_w;
    g[2] = m[1] * inv_w;
    g[3] *= inv_w;
    g[4] *= l11 * l11 * inv_w;
    g[5] *= inv_w;
  }
  return out;
}

// Keeps every component's log-scales (log L00, log L11) between a quarter cell, below which a
// Gaussian falls between the quadrature points, and the grid's diagonal, beyond which its mass
// leaves the grid: a component the fit abandons (its weight going to 0) stays drawable instead
// of growing without bound. A projection after the step: the same for every thread count.
Eigen::VectorXd clamp_scales(Eigen::VectorXd theta, const QuadratureGrid& g) {
  const double lo = std::log(0.25 * std::min(g.dx(), g.dy())), hi = std::log(std::hypot(g.x1 - g.x0, g.y1 - g.y0));
  for (Eigen::Index k = 0; k < theta.size(); k += Mixture2D::kPerComponent) {
    theta[k + 3] = std::clamp(theta[k + 3], lo, hi);
    theta[k + 5] = std::clamp(theta[k + 5], lo, hi);
  }
  return theta;
}

// Mean and covariance of a point cloud (1/N), as one component.
GaussianComponent moment_fit(const Points& X) {
  const Eigen::MatrixXd D = X.cast<double>();
  const Eigen::RowVectorXd m = D.colwise().mean();
  const Eigen::MatrixXd C = D.rowwise() - m;
  return {1.0, m.transpose(), (C.transpose() * C) / std::max<Eigen::Index>(1, X.rows())};
}

}  // namespace

// ---- names

const char* model_name(ModelKind kind) { return kModels[static_cast<int>(kind)]; }

ModelKind parse_model(const std::string& name, const std::string& what) {
  for (int k = 0; k < 3; ++k)
    if (name == kModels[k]) return static_cast<ModelKind>(k);
  throw InputError(what + ": expected one of gaussian, mixture, particles, got '" + name + "'");
}

// ---- construction

DivergenceFitFlow::DivergenceFitFlow(DivergenceTarget target, Mixture2D start, DivergenceFitOptions options)
    : target_(std::move(target)), model_(start.size() == 1 ? ModelKind::Gaussian : ModelKind::Mixture),
      start_(std::move(start)), options_(options) {
  check_options();
}

DivergenceFitFlow::DivergenceFitFlow(DivergenceTarget target, DivergenceFitOptions options)
    : target_(std::move(target)), model_(ModelKind::Particles), options_(options) {
  check_options();
  density_.emplace(options_.grid, options_.bandwidth);
}

void DivergenceFitFlow::check_options() {
  validate_grid(options_.grid, "grid");
  if (target_.density.size() == 0) throw InputError("divergence-fit: no target density");
  if (target_.modes < 0 || target_.modes > target_.density.size()) throw InputError("divergence-fit: bad number of target modes");
  if (!(options_.step > 0) || !std::isfinite(options_.step)) throw InputError("step: must be positive");
  if (options_.divergence == DivergenceKind::Alpha && !(options_.alpha >= 0.0 && options_.alpha <= 1.0))
    throw InputError("alpha: must be between 0 and 1, got " + std::to_string(options_.alpha));
  if (options_.samples < 1 || options_.samples > 100000) throw InputError("samples: must be between 1 and 100000");
  if (!is_grid_divergence(options_.divergence)) {
    if (target_.samples.rows() < 1 || target_.samples.cols() != 2)
      throw InputError(std::string(divergence_name(options_.divergence)) + ": needs samples of the target");
    sample_.emplace(options_.divergence, options_.sample);
  }
  log_p_ = log_density_on_grid(target_.density, options_.grid);
  target_field_ = to_density_grid(options_.grid, exp_of(log_p_));
  if (target_.modes > 0) modes_ = responsibilities_on_grid(target_.density, options_.grid);
  // Common random numbers for the parametric model: the same draws every step.
  const CounterRng rng(options_.seed, kNoiseStream);
  z_.resize(options_.samples, 2);
  u_.resize(options_.samples);
  for (int i = 0; i < options_.samples; ++i) {
    float n[4], u[4];
    rng.normal4(2 * static_cast<std::uint64_t>(i), n);
    rng.uniform4(2 * static_cast<std::uint64_t>(i) + 1, u);
    z_(i, 0) = n[0];
    z_(i, 1) = n[1];
    u_[i] = u[0];
  }
}

// ---- objective

double DivergenceFitFlow::objective(const Mixture2D& q, std::uint64_t call, Eigen::VectorXd* grad) {
  log_q_ = log_density_on_grid(q, options_.grid);
  if (is_grid_divergence(options_.divergence)) {
    std::vector<double> s;
    const double value = grid_divergence(options_.divergence, options_.alpha, log_p_, log_q_, options_.grid, grad ? &s : nullptr);
    if (grad) *grad = log_density_gradient(q, options_.grid, s);
    return value;
  }
  // Weighted reparameterised samples: component k's n draws weigh w_k / n each.
  const int K = q.size(), n = options_.samples;
  Points X(static_cast<Eigen::Index>(K) * n, 2);
  Weights a;
  const Eigen::VectorXd w = q.weights();
  if (K > 1) a.resize(K * n);
  for (int k = 0; k < K; ++k) {
    X.middleRows(static_cast<Eigen::Index>(k) * n, n) = q.samples(k, z_);
    if (K > 1) a.segment(k * n, n).setConstant(static_cast<float>(w[k] / n));
  }
  const bool weight_gradient = K > 1 && options_.divergence == DivergenceKind::Sinkhorn;
  const SampleDivergenceResult r = sample_->evaluate(X, a, target_.samples, {}, call, weight_gradient && grad);
  if (grad) *grad = sample_gradient(q, z_, r.grad_x, r.grad_a);
  return r.value;
}

double DivergenceFitFlow::objective(const Points& X, std::uint64_t call, Points* grad) {
  if (!density_) throw InputError("divergence-fit: not a particle model");
  density_->evaluate(X, log_q_);
  if (is_grid_divergence(options_.divergence)) {
    std::vector<double> s;
    const double value = grid_divergence(options_.divergence, options_.alpha, log_p_, log_q_, options_.grid, grad ? &s : nullptr);
    if (grad) *grad = density_->gradient(s);
    return value;
  }
  SampleDivergenceResult r = sample_->evaluate(X, {}, target_.samples, {}, call, false);
  if (grad) *grad = std::move(r.grad_x);
  return r.value;
}

// ---- step

void DivergenceFitFlow::step(FlowState& state) {
  const std::string blew_up = "divergence-fit: the model left the range of finite numbers at step " +
                              std::to_string(state.step) + "; use a smaller flow.step";
  if (model_ == ModelKind::Particles) {
    if (state.points.cols() != 2 || state.points.rows() < 1) throw InputError("divergence-fit: particles must be N by 2");
    Points grad;
    const double loss = objective(state.points, state.step, &grad);
    record(loss, &state.points);
    const float scale = static_cast<float>(options_.step * state.points.rows());
    state.points -= scale * grad;
    if (!state.points.allFinite()) throw SolverError(blew_up);
    write_particles(state);
    return;
  }
  const Mixture2D q = model_of(state);
  Eigen::VectorXd grad;
  const double loss = objective(q, state.step, &grad);
  record(loss, nullptr);
  const Eigen::VectorXd theta = q.theta() - options_.step * natural_gradient(q, grad);
  bool ok = theta.allFinite();
  for (int k = 0; ok && k < q.size(); ++k) {
    const double* t = theta.data() + Mixture2D::kPerComponent * k;
    ok = std::abs(t[1]) < kMaxCoordinate && std::abs(t[2]) < kMaxCoordinate && std::abs(t[3]) < kMaxLogScale &&
         std::abs(t[5]) < kMaxLogScale && std::abs(t[4]) < kMaxCoordinate;
  }
  if (!ok) throw SolverError(blew_up);
  write_parametric(state, Mixture2D(clamp_scales(theta, options_.grid)));
}

// ---- state and figures

void DivergenceFitFlow::initialize(FlowState& state) {
  if (model_ == ModelKind::Particles) {
    if (state.points.cols() != 2 || state.points.rows() < 1)
      throw InputError("divergence-fit: the particle model needs a 2D source measure");
    write_particles(state);
  } else {
    write_parametric(state, start_);
  }
}

Mixture2D DivergenceFitFlow::model_of(const FlowState& state) const {
  for (const EllipseSet& e : state.figures.ellipses) {
    if (e.name != "model") continue;
    if (e.size() != start_.size() || e.means.cols() != 2 || e.covariances.cols() != 4) break;
    std::vector<GaussianComponent> c(e.size());
    for (int k = 0; k < e.size(); ++k) {
      c[k].weight = e.values.size() == static_cast<std::size_t>(e.size()) ? std::max(e.values[k], 1e-30f) : 1.0;
      c[k].mean = e.means.row(k).transpose().cast<double>();
      c[k].cov.resize(2, 2);
      c[k].cov << e.covariances(k, 0), e.covariances(k, 1), e.covariances(k, 2), e.covariances(k, 3);
    }
    try {
      return Mixture2D::from_components(c, "model");
    } catch (const InputError&) {
      throw SolverError("divergence-fit: the model's covariance became singular; use a smaller flow.step");
    }
  }
  return start_;
}

void DivergenceFitFlow::write_parametric(FlowState& state, const Mixture2D& q) {
  const int n = options_.samples, K = q.size();
  const Eigen::VectorXd w = q.weights();
  std::vector<Points> per(K);
  for (int k = 0; k < K; ++k) per[k] = q.samples(k, z_);
  state.points.resize(n, 2);
  for (int i = 0; i < n; ++i) {
    int k = 0;  // the component of draw i: inverse CDF of the weights at u_i
    for (double c = w[0]; k + 1 < K && u_[i] > c; c += w[++k]) {
    }
    state.points.row(i) = per[k].row(i);
  }
  set_figures(state, log_density_on_grid(q, options_.grid), q.components());
}

void DivergenceFitFlow::write_particles(FlowState& state) {
  std::vector<double> log_q;
  density_->evaluate(state.points, log_q);
  set_figures(state, log_q, {moment_fit(state.points)});
}

void DivergenceFitFlow::set_figures(FlowState& state, const std::vector<double>& log_q,
                                    const std::vector<GaussianComponent>& model) {
  FlowFigures& f = state.figures;
  f.fields.resize(2);
  f.fields[0] = {"target density", target_field_, false};
  f.fields[1] = {"model density", to_density_grid(options_.grid, exp_of(log_q)), false};
  f.ellipses.resize(target_.modes > 0 ? 2 : 1);
  f.ellipses[0] = ellipses("model", model, model_ != ModelKind::Particles);
  if (target_.modes > 0) {
    f.ellipses[1] = ellipses("target modes", target_.density.components(), false);
    f.ellipses[1].dashed = true;
    const float white[4] = {1.0f, 1.0f, 1.0f, 0.8f};
    std::copy(white, white + 4, f.ellipses[1].color);
  }
  f.arrows.clear();
}

// ---- diagnostics

void DivergenceFitFlow::record(double loss, const Points* particles) {
  const QuadratureGrid& g = options_.grid;
  diagnostics_ = {{"loss", loss},
                  {"kl_forward", grid_divergence(DivergenceKind::ForwardKL, 0, log_p_, log_q_, g)},
                  {"kl_reverse", grid_divergence(DivergenceKind::ReverseKL, 0, log_p_, log_q_, g)},
                  {"js", grid_divergence(DivergenceKind::JensenShannon, 0, log_p_, log_q_, g)}};
  if (target_.modes == 0) return;
  Eigen::VectorXd mass = Eigen::VectorXd::Zero(target_.modes), r;
  if (particles) {
    for (Eigen::Index n = 0; n < particles->rows(); ++n) {
      target_.density.log_density((*particles)(n, 0), (*particles)(n, 1), &r);
      mass += r;
    }
    mass /= static_cast<double>(particles->rows());
  } else {
    for (int c = 0; c < g.size(); ++c) mass += std::exp(log_q_[c]) * modes_.col(c);
    mass *= g.cell_area();
  }
  for (int k = 0; k < target_.modes; ++k) diagnostics_.push_back({"mode_" + std::to_string(k), mass[k]});
}

}  // namespace monge
