#pragma once
// "gaussian-barycentre": the BW (or GBW_M) barycentre of K weighted Gaussians computed live by the
// fixed-point iteration of bures_barycentre.hpp, started from a given Gaussian.
//
// Iteration k (k = 0, 1, ...) takes N(m_k, S_k) to N(m_k+1, S_k+1) with
//   S_k+1 = G_k S_k G_k^T,  G_k = (1 - eta) I + eta T_k  (in the metric's coordinates),
//   m_k+1 = (1 - eta) m_k + eta sum_j w_j m_j.
// G_k is the optimal map of that move, so the step is a piece of W2 geodesic; with `substeps` s
// each iteration is drawn over s flow steps along it (flow step n shows iteration n / s plus the
// fraction (n mod s) / s of the move). Flow time counts iterations (dt = 1 / s).
// Particles: the source points z (samples of the start) carried by the composed maps,
// x = m + G_k-1 ... G_0 (z - m_0), so their law is the shown Gaussian exactly.
// The iterates are cached and recomputed from the start when a resumed state is earlier than the
// cache, so the state is a function of the step index alone.
// Figures: "inputs" (the K Gaussians, coloured by weight), "barycentre" (the shown iterate) and
// "converged barycentre" (dashed: the fixed point solved to 1e-13 when the flow is built).
// Diagnostics: iteration, residual (the W2 distance a full fixed-point step would move the
// current iterate: the gradient norm, 0 at the barycentre), objective (sum_j w_j W2^2 of the shown
// Gaussian to the inputs), w2_to_barycentre (to the converged one).
#include <vector>

#include "solvers/common/flow.hpp"
#include "solvers/gaussian/bures_wasserstein.hpp"

namespace monge::gaussian {

struct BarycentreFlowOptions {
  std::vector<double> weights;    // K, normalised by the flow
  std::vector<Gaussian> inputs;   // K Gaussians, d = 2 or 3
  Gaussian start;                 // the iteration's start (the source measure's Gaussian)
  BuresMetric metric;
  double eta = 1.0;               // step in (0, 1]; 1 is the fixed-point iteration
  int substeps = 1;               // flow steps per iteration, >= 1
};

class GaussianBarycentreFlow final : public Flow {
 public:
  GaussianBarycentreFlow(BarycentreFlowOptions options, Points source);

  std::string kind() const override { return "gaussian-barycentre"; }
  void initialize(FlowState& state) override { show(state, 0); }
  void step(FlowState& state) override { show(state, state.step + 1); }
  double dt() const override { return 1.0 / options_.substeps; }
  Diagnostics diagnostics() const override { return diagnostics_; }

 private:
  struct Iterate {
    Eigen::VectorXd mean;
    Eigen::MatrixXd cov_bw;    // S_k in the metric's BW coordinates
    Eigen::MatrixXd carried;   // G_k-1 ... G_0 in original coordinates
    Eigen::MatrixXd step_map;  // G_k (BW coordinates), of the move to k + 1
    double residual = 0;       // at S_k
  };
  void advance();             // iterate_ from k to k + 1
  void seek(std::uint64_t k); // iterate_ at k (replays from the start if k is earlier)
  void show(FlowState& state, std::uint64_t n);

  BarycentreFlowOptions options_;
  Points source_;
  std::vector<Eigen::MatrixXd> covs_bw_;  // inputs in BW coordinates
  Eigen::VectorXd target_mean_;
  Gaussian converged_;
  Iterate iterate_;
  std::uint64_t k_ = 0;
  Diagnostics diagnostics_;
};

}  // namespace monge::gaussian
