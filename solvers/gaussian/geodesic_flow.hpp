#pragma once
// "gaussian-geodesic": the W2 geodesic (McCann interpolation) from N(m0, S0) to N(m1, S1), under
// BW or GBW_M (bures_wasserstein.hpp), as a moving ellipse (2D) or ellipsoid (3D) with particles.
//
// Step k shows t = min(1, k / steps). The particles are the source points z (samples of the
// start) carried by the optimal map's interpolation,
//   x_t = m_t + ((1 - t) I + t L)(z - m0),   L the linear part of the optimal map,
// so their law is exactly the geodesic's N(m_t, S_t); the state is a function of k alone.
// Figures: "geodesic" (N(m_t, S_t)), "endpoints" (the two Gaussians, dashed) and, under GBW,
// "BW geodesic" (the Euclidean-cost geodesic at the same t, dashed: the bend M causes).
// Diagnostics: t, w2 (between the endpoints under the flow's metric), w2_from_start and
// w2_to_end (of the shown Gaussian: t w2 and (1 - t) w2 on a geodesic, a check anyone can read
// off the plot) and, under GBW, bw_w2 (the endpoints' plain W2).
#include "solvers/common/flow.hpp"
#include "solvers/gaussian/bures_wasserstein.hpp"

namespace monge::gaussian {

struct GeodesicOptions {
  Gaussian from, to;           // d = 2 or 3
  BuresMetric metric;          // BW unless generalised
  int steps = 120;             // flow steps from t = 0 to 1 (dt = 1 / steps)
};

class GaussianGeodesicFlow final : public Flow {
 public:
  // source  N by d: the particles at t = 0 (samples of `from`).
  GaussianGeodesicFlow(GeodesicOptions options, Points source);

  std::string kind() const override { return "gaussian-geodesic"; }
  void initialize(FlowState& state) override { show(state, 0); }
  void step(FlowState& state) override { show(state, state.step + 1); }
  double dt() const override { return 1.0 / options_.steps; }
  Diagnostics diagnostics() const override { return diagnostics_; }

 private:
  void show(FlowState& state, std::uint64_t k);

  GeodesicOptions options_;
  Points source_;
  Eigen::MatrixXd map_;  // L
  double w2_ = 0;
  Diagnostics diagnostics_;
};

}  // namespace monge::gaussian
