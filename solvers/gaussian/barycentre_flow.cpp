#include "solvers/gaussian/barycentre_flow.hpp"

#include <cmath>

#include "base/errors.hpp"
#include "solvers/gaussian/bures_barycentre.hpp"
#include "solvers/gaussian/gaussian_figures.hpp"
#include "solvers/gaussian/spd.hpp"

namespace monge::gaussian {

GaussianBarycentreFlow::GaussianBarycentreFlow(BarycentreFlowOptions options, Points source)
    : options_(std::move(options)), source_(std::move(source)) {
  if (options_.inputs.empty()) throw InputError("gaussian-barycentre: no input Gaussians");
  if (options_.weights.size() != options_.inputs.size())
    throw InputError("gaussian-barycentre: as many weights as Gaussians expected");
  options_.weights = normalised_weights(options_.weights, "weights");
  if (!(options_.eta > 0 && options_.eta <= 1)) throw InputError("step: expected a number in (0, 1]");
  if (options_.substeps < 1) throw InputError("substeps: expected at least 1");
  const Eigen::Index d = options_.start.mean.size();
  if (source_.cols() != d)
    throw InputError("gaussian-barycentre: the source points have " + std::to_string(source_.cols()) +
                     " coordinates but the Gaussians have " + std::to_string(d));
  target_mean_ = Eigen::VectorXd::Zero(d);
  for (std::size_t k = 0; k < options_.inputs.size(); ++k) {
    covs_bw_.push_back(options_.metric.to_bures(options_.inputs[k].cov));
    target_mean_ += options_.weights[k] * options_.inputs[k].mean;
  }
  converged_ = gaussian_barycentre(options_.weights, options_.inputs, options_.metric);
  seek(0);
}

void GaussianBarycentreFlow::seek(std::uint64_t k) {
  if (k < k_ || iterate_.cov_bw.size() == 0) {
    const Eigen::Index d = options_.start.mean.size();
    iterate_.mean = options_.start.mean;
    iterate_.cov_bw = options_.metric.to_bures(options_.start.cov);
    iterate_.carried = Eigen::MatrixXd::Identity(d, d);
    k_ = 0;
    const BarycentreStep s = bures_barycentre_step(iterate_.cov_bw, options_.weights, covs_bw_, options_.eta);
    iterate_.step_map = s.map;
    iterate_.residual = s.residual;
  }
  while (k_ < k) advance();
}

void GaussianBarycentreFlow::advance() {
  const double eta = options_.eta;
  const Eigen::MatrixXd& G = iterate_.step_map;
  iterate_.cov_bw = symmetrised(G * iterate_.cov_bw * G);
  iterate_.carried = options_.metric.map_from_bures(G) * iterate_.carried;
  iterate_.mean = (1 - eta) * iterate_.mean + eta * target_mean_;
  ++k_;
  const BarycentreStep s = bures_barycentre_step(iterate_.cov_bw, options_.weights, covs_bw_, eta);
  if (!s.map.allFinite()) throw SolverError("gaussian-barycentre: the iteration left the SPD cone at iteration " + std::to_string(k_));
  iterate_.step_map = s.map;
  iterate_.residual = s.residual;
}

void GaussianBarycentreFlow::show(FlowState& state, std::uint64_t n) {
  const std::uint64_t s = static_cast<std::uint64_t>(options_.substeps);
  seek(n / s);
  const double f = double(n % s) / double(s);
  const Eigen::Index d = iterate_.mean.size();
  // A fraction f of the move: the map (1 - f) I + f G_k, the mean f of the way.
  const Eigen::MatrixXd partial = (1 - f) * Eigen::MatrixXd::Identity(d, d) + f * iterate_.step_map;
  const Eigen::VectorXd next_mean = (1 - options_.eta) * iterate_.mean + options_.eta * target_mean_;
  Gaussian shown;
  shown.mean = (1 - f) * iterate_.mean + f * next_mean;
  shown.cov = options_.metric.from_bures(symmetrised(partial * iterate_.cov_bw * partial));
  const Eigen::MatrixXd carried = options_.metric.map_from_bures(partial) * iterate_.carried;
  const Eigen::MatrixXf At = carried.transpose().cast<float>();
  state.points.noalias() = source_ * At;
  state.points.rowwise() += (shown.mean - carried * options_.start.mean).cast<float>().transpose();

  std::vector<float> weights(options_.weights.begin(), options_.weights.end());
  put_ellipses(state.figures, "inputs", options_.inputs, false, kColorInputs, weights);
  put_ellipses(state.figures, "barycentre", {shown}, false, kColorShown);
  put_ellipses(state.figures, "converged barycentre", {converged_}, true, kColorReference);

  double objective = 0;
  for (std::size_t j = 0; j < options_.inputs.size(); ++j)
    objective += options_.weights[j] * options_.metric.squared(shown, options_.inputs[j]);
  diagnostics_.clear();
  diagnostics_.emplace_back("iteration", double(n) / double(s));
  diagnostics_.emplace_back("residual", iterate_.residual);
  diagnostics_.emplace_back("objective", objective);
  diagnostics_.emplace_back("w2_to_barycentre", std::sqrt(options_.metric.squared(shown, converged_)));
}

}  // namespace monge::gaussian
