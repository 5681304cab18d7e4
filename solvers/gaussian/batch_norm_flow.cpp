#include "solvers/gaussian/batch_norm_flow.hpp"

#include <algorithm>
#include <cmath>

#include "base/errors.hpp"
#include "solvers/gaussian/gaussian_figures.hpp"
#include "solvers/gaussian/spd.hpp"

namespace monge::gaussian {

SpdBatchNormFlow::SpdBatchNormFlow(BatchNormFlowOptions options, Points source)
    : options_(std::move(options)), source_(std::move(source)) {
  if (options_.batch.size() < 2) throw InputError("batch.count: expected at least 2 matrices");
  if (options_.steps < 1) throw InputError("steps: expected at least 1");
  const Eigen::Index d = options_.batch.front().rows();
  if (source_.cols() != d)
    throw InputError("spd-batch-norm: the source points have " + std::to_string(source_.cols()) +
                     " coordinates but the batch is " + std::to_string(d) + "x" + std::to_string(d));
  weights_.assign(options_.batch.size(), 1.0 / double(options_.batch.size()));
  result_ = riemannian_batch_norm(weights_, options_.batch, options_.metric, options_.target_spread);
  for (const Eigen::MatrixXd& S : options_.batch) log_condition_.push_back(static_cast<float>(std::log10(condition_number(S))));
}

void SpdBatchNormFlow::show(FlowState& state, std::uint64_t k) {
  const double t = std::min(1.0, double(k) / options_.steps);
  const std::size_t B = options_.batch.size();
  const Eigen::Index d = options_.batch.front().rows();
  std::vector<Eigen::MatrixXd> shown;
  std::vector<Gaussian> ellipses;
  double max_condition = 0;
  for (std::size_t i = 0; i < B; ++i) {
    shown.push_back(spd_geodesic(options_.batch[i], result_.normalised[i], t, options_.metric));
    ellipses.push_back({Eigen::VectorXd::Zero(d), shown.back()});
    max_condition = std::max(max_condition, condition_number(shown.back()));
  }
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(d, d);
  // Started on the geodesic from the old barycentre to I: a few iterations from there.
  const Eigen::MatrixXd start = spd_geodesic(result_.barycentre, I, t, options_.metric);
  const Eigen::MatrixXd barycentre = spd_barycentre(weights_, shown, options_.metric, 1e-12, start);

  // Particle j of member j mod B.
  std::vector<Eigen::MatrixXf> roots;
  for (const Eigen::MatrixXd& S : shown) roots.push_back(spd_sqrt(S).cast<float>());
  state.points.resize(source_.rows(), d);
  for (Eigen::Index j = 0; j < source_.rows(); ++j)
    state.points.row(j) = source_.row(j) * roots[static_cast<std::size_t>(j) % B];  // roots are symmetric

  put_ellipses(state.figures, "batch", ellipses, false, kColorInputs, log_condition_);
  put_ellipses(state.figures, "batch barycentre", {{Eigen::VectorXd::Zero(d), barycentre}}, false, kColorShown);
  put_ellipses(state.figures, "identity", {{Eigen::VectorXd::Zero(d), I}}, true, kColorReference);

  diagnostics_.clear();
  diagnostics_.emplace_back("t", t);
  diagnostics_.emplace_back("spread", spd_spread(weights_, shown, barycentre, options_.metric));
  diagnostics_.emplace_back("spread_before", result_.spread_before);
  diagnostics_.emplace_back("spread_after", result_.spread_after);
  diagnostics_.emplace_back("barycentre_to_identity", std::sqrt(spd_distance_squared(barycentre, I, options_.metric)));
  diagnostics_.emplace_back("max_condition", max_condition);
}

}  // namespace monge::gaussian
