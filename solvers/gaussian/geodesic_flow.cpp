#include "solvers/gaussian/geodesic_flow.hpp"

#include <algorithm>
#include <cmath>

#include "base/errors.hpp"
#include "solvers/gaussian/gaussian_figures.hpp"

namespace monge::gaussian {

GaussianGeodesicFlow::GaussianGeodesicFlow(GeodesicOptions options, Points source)
    : options_(std::move(options)), source_(std::move(source)) {
  if (options_.steps < 1) throw InputError("steps: expected at least 1");
  if (source_.cols() != options_.from.mean.size())
    throw InputError("gaussian-geodesic: the source points have " + std::to_string(source_.cols()) +
                     " coordinates but the Gaussians have " + std::to_string(options_.from.mean.size()));
  map_ = options_.metric.transport_map(options_.from.cov, options_.to.cov);
  w2_ = std::sqrt(options_.metric.squared(options_.from, options_.to));
}

void GaussianGeodesicFlow::show(FlowState& state, std::uint64_t k) {
  const double t = std::min(1.0, double(k) / options_.steps);
  const Eigen::Index d = map_.rows();
  const Eigen::MatrixXd A = (1.0 - t) * Eigen::MatrixXd::Identity(d, d) + t * map_;
  const Gaussian shown = options_.metric.geodesic(options_.from, options_.to, t);
  // x_t = m_t + A (z - m0), row by row: X = Z A^T + (m_t - A m0)^T.
  const Eigen::MatrixXf At = A.transpose().cast<float>();
  const Eigen::RowVectorXf offset = (shown.mean - A * options_.from.mean).cast<float>().transpose();
  state.points.noalias() = source_ * At;
  state.points.rowwise() += offset;

  put_ellipses(state.figures, "geodesic", {shown}, false, kColorShown);
  put_ellipses(state.figures, "endpoints", {options_.from, options_.to}, true, kColorInputs);
  if (options_.metric.generalised())
    put_ellipses(state.figures, "BW geodesic", {BuresMetric().geodesic(options_.from, options_.to, t)}, true, kColorContrast);

  diagnostics_.clear();
  diagnostics_.emplace_back("t", t);
  diagnostics_.emplace_back("w2", w2_);
  diagnostics_.emplace_back("w2_from_start", std::sqrt(options_.metric.squared(options_.from, shown)));
  diagnostics_.emplace_back("w2_to_end", std::sqrt(options_.metric.squared(shown, options_.to)));
  if (options_.metric.generalised())
    diagnostics_.emplace_back("bw_w2", std::sqrt(BuresMetric().squared(options_.from, options_.to)));
}

}  // namespace monge::gaussian
