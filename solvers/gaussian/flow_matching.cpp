#include "solvers/gaussian/flow_matching.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"

namespace monge::gaussian {

namespace {

// Rows per vjp call: one MlpField chunk, so one thread sums each slice's gradient.
constexpr int kVjpSlice = 128;
const std::uint64_t kFmDataStream = mix64(0x666d2d64617461ull);   // "fm-data"
const std::uint64_t kFmNoiseStream = mix64(0x666d2d6e6f6973ull);  // "fm-nois"

deform::MlpOptions mlp_options(const FlowMatchingOptions& o) {
  if (o.hidden_width < 1 || o.hidden_width > 1024)
    throw InputError("hidden_width: expected 1 to 1024, got " + std::to_string(o.hidden_width));
  if (o.hidden_depth < 1 || o.hidden_depth > 8)
    throw InputError("hidden_depth: expected 1 to 8, got " + std::to_string(o.hidden_depth));
  if (o.batch < 1 || o.batch > 65536) throw InputError("batch: expected 1 to 65536, got " + std::to_string(o.batch));
  if (!(o.horizon > 0) || !std::isfinite(o.horizon)) throw InputError("horizon: expected a positive number");
  if (!(o.t_min > 0) || !(o.t_min < o.horizon))
    throw InputError("t_min: expected a number in (0, horizon), got " + std::to_string(o.t_min));
  if (!(o.final_learning_rate > 0) || !std::isfinite(o.final_learning_rate))
    throw InputError("final_learning_rate: expected a positive number");
  if (o.schedule < 1) throw InputError("schedule: expected at least 1 iteration");
  deform::MlpOptions m;
  m.width = o.hidden_width;
  m.depth = o.hidden_depth;
  m.activation = o.activation;
  m.scale = o.scale;
  return m;
}

deform::AdamOptions adam_options(const FlowMatchingOptions& o) {
  deform::AdamOptions a;
  a.learning_rate = o.learning_rate;
  return a;
}

}  // namespace

FlowMatchingTrainer::FlowMatchingTrainer(const std::vector<GaussianComponent>& data, const FlowMatchingOptions& options)
    : data_(data), options_(options), mlp_(mlp_options(options)), adam_(adam_options(options)) {
  NoisedMixture check(data);  // validates the components
  theta_ = mlp_.initial_parameters(options.seed);
  grad_.resize(theta_.size());
}

double FlowMatchingTrainer::learning_rate() const {
  const double f = std::min(1.0, double(iterations_) / options_.schedule);
  return options_.learning_rate + f * (options_.final_learning_rate - options_.learning_rate);
}

double FlowMatchingTrainer::step() {
  const int B = options_.batch;
  const double T = options_.horizon;
  const std::uint64_t it = static_cast<std::uint64_t>(iterations_);
  const Points x0 = sample_gaussian_mixture(B, data_, CounterRng(options_.seed, kFmDataStream + it));
  const CounterRng noise(options_.seed, kFmNoiseStream + it);
  inputs_.resize(B, 3);
  targets_.resize(B, 2);
  std::vector<double> times(B);
  for (int i = 0; i < B; ++i) {
    // Blocks 2i and 2i + 1: the time's uniform and two normals for z.
    float u[4], z[4];
    noise.uniform4(2 * static_cast<std::uint64_t>(i), u);
    noise.normal4(2 * static_cast<std::uint64_t>(i) + 1, z);
    const double t = options_.t_min + (T - options_.t_min) * u[0];
    const double a = std::exp(-t), s = std::sqrt(1.0 - a * a);
    times[i] = t;
    for (int k = 0; k < 2; ++k) {
      inputs_(i, k) = static_cast<float>(a * x0(i, k) + s * z[k]);
      targets_(i, k) = static_cast<float>(-a * x0(i, k) + (a * a / s) * z[k]);
    }
    inputs_(i, 2) = static_cast<float>(options_.scale * t / T);
  }
  if (options_.stable_target) stable_targets(x0, times);
  mlp_.forward(theta_, inputs_, 0.0f, outputs_);
  d_outputs_.setZero(B, 3);
  double loss = 0;
  for (int i = 0; i < B; ++i)
    for (int k = 0; k < 2; ++k) {
      const double r = double(outputs_(i, k)) - targets_(i, k);
      loss += r * r;
      d_outputs_(i, k) = static_cast<float>(2.0 * r / B);
    }
  loss /= B;
  grad_.setZero();
  for (int begin = 0; begin < B; begin += kVjpSlice) {
    const int rows = std::min(kVjpSlice, B - begin);
    slice_in_ = inputs_.middleRows(begin, rows);
    slice_d_ = d_outputs_.middleRows(begin, rows);
    mlp_.vjp(theta_, slice_in_, 0.0f, slice_d_, grad_, grad_inputs_);
  }
  adam_.set_learning_rate(learning_rate());
  adam_.step(theta_, grad_);
  ++iterations_;
  return loss;
}

void FlowMatchingTrainer::stable_targets(const Points& x0, const std::vector<double>& times) {
  const int B = static_cast<int>(x0.rows());
  std::vector<double> log_w(B);
  for (int i = 0; i < B; ++i) {
    const double a = std::exp(-times[i]), s2 = 1.0 - a * a;
    const double xi = inputs_(i, 0), yi = inputs_(i, 1);
    double top = -INFINITY;
    for (int j = 0; j < B; ++j) {
      const double dx = xi - a * x0(j, 0), dy = yi - a * x0(j, 1);
      log_w[j] = -(dx * dx + dy * dy) / (2 * s2);
      top = std::max(top, log_w[j]);
    }
    double total = 0, ex = 0, ey = 0;  // E[x0 | x_i] over the batch
    for (int j = 0; j < B; ++j) {
      const double w = std::exp(log_w[j] - top);
      total += w;
      ex += w * x0(j, 0);
      ey += w * x0(j, 1);
    }
    ex /= total;
    ey /= total;
    targets_(i, 0) = static_cast<float>(-a * ex + (a * a / s2) * (xi - a * ex));
    targets_(i, 1) = static_cast<float>(-a * ey + (a * a / s2) * (yi - a * ey));
  }
}

void FlowMatchingTrainer::velocity(const Points& X, double t, Points& V) {
  const Eigen::Index n = X.rows();
  inputs_.resize(n, 3);
  inputs_.leftCols(2) = X;
  inputs_.col(2).setConstant(static_cast<float>(options_.scale * t / options_.horizon));
  mlp_.forward(theta_, inputs_, 0.0f, outputs_);
  V = outputs_.leftCols(2);
}

}  // namespace monge::gaussian
