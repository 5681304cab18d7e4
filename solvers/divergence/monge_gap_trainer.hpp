#pragma once
// Fitting a transport map with the Monge gap as regulariser (Uscidda & Cuturi 2023):
//   min_θ  S_ε(T_θ#μ_n, ν_m) + λ M(T_θ)
// S_ε the Sinkhorn divergence (the fitting loss: the pushed samples must look like ν's), M the
// Monge gap on μ's samples (monge_gap.hpp). λ = 0 fits any map that pushes μ onto ν; λ > 0
// prefers the optimal one.
//
// The map is 2D: T(x) = x + v_θ((x, 0), 0)[0..1] (residual, the default: with a small last layer
// T starts near the identity) or T(x) = c + v_θ((x, 0), 0)[0..1] (plain: a generic network,
// starting at a random smooth map), v_θ deform's MLP (input (x, y, z, t), z = t = 0 here; its
// third output unused), input normalised by the centre c and half-diagonal of the bounding box
// of both sample sets. Without the gap, where the fit ends depends on where it starts (a
// residual map started at the identity ends near the optimal map for simple pairs, a plain one
// anywhere that pushes μ onto ν); with it, both end at the optimal map. One iteration: both losses and their gradients in T(x_i), one
// vector-Jacobian product through the MLP, one Adam step. Every engine call runs on one thread:
// the same bits for any thread count.
#include <cstdint>
#include <optional>

#include "solvers/deform/adam.hpp"
#include "solvers/deform/mlp_field.hpp"
#include "solvers/divergence/monge_gap.hpp"
#include "solvers/entropic/divergence.hpp"

namespace monge {

struct MongeGapOptions {
  double lambda = 1.0;           // weight of the Monge gap (>= 0)
  double eps = 0.01;             // ε of both Sinkhorn terms (squared length)
  double tol = 1e-5;             // L1 marginal error at which each solve stops
  int max_iter = 50;             // Sinkhorn iterations per warm-started solve (amortised_sinkhorn.hpp)
  double learning_rate = 3e-3;   // Adam
  int width = 32;                // MLP units per hidden layer
  int depth = 2;                 // MLP hidden layers
  deform::Activation activation = deform::Activation::Tanh;
  bool residual = true;          // T(x) = x + v(x), starting near the identity; false: T(x) = c + v(x),
                                 // c the frame's centre, starting at a random smooth map
  float init_scale = 0.01f;      // the last layer's initial scale (residual: small, T starts near the identity)
  std::uint64_t seed = 0;        // the MLP's initial weights
};

// A 2D residual map x -> x + v_θ((x, 0), 0) on deform's MLP.
class MlpMap2D {
 public:
  // residual: T(x) = x + v(x); plain: T(x) = centre + v(x).
  // The input is normalised (and the output scaled) by the centre and half-diagonal of the
  // bounding box of X and Y (n by 2, m by 2): units do not change the training.
  MlpMap2D(const MongeGapOptions& options, const Points& X, const Points& Y);
  int parameter_count() const { return field_.parameter_count(); }
  deform::Parameters initial_parameters(std::uint64_t seed) const { return field_.initial_parameters(seed); }
  // TX = T_θ(X), X and TX N by 2.
  void apply(const deform::Parameters& theta, const Points& X, Points& TX);
  // grad = (∂T_θ(X)/∂θ)^T dTX (overwritten, parameter_count()); dTX N by 2.
  void vjp(const deform::Parameters& theta, const Points& X, const Points& dTX, deform::Parameters& grad);

 private:
  void lift(const Points& X);  // X3_ = (X, 0)
  deform::MlpField field_;
  bool residual_;
  Eigen::RowVector2f base_;    // plain maps: the centre
  Points X3_, V_, dV_, dX_;
};

class MongeGapTrainer {
 public:
  // X  n by 2 samples of μ, Y  m by 2 samples of ν. Throws InputError for bad options or sizes.
  MongeGapTrainer(Points X, Points Y, const MongeGapOptions& options);

  // One Adam step on S_ε + λ M. Throws SolverError if the map stops being finite.
  void iterate();
  int iterations() const { return state_.iterations; }

  // T(X) at the current parameters (n by 2), and T at any points.
  const Points& pushed() const { return pushed_; }
  Points map(const Points& P);

  // Of the last iteration, at its start (where the gradient was taken).
  double fitting() const { return fitting_; }     // S_ε(T#μ_n, ν_m)
  double gap() const { return gap_; }             // M(T)
  double loss() const { return fitting_ + options_.lambda * gap_; }
  const Points& pushed_at_start() const { return start_; }

  // Everything iterate() reads and writes, for checkpoints: restoring one replays exactly.
  struct State {
    deform::Parameters theta;
    deform::Adam adam;
    int iterations = 0;
    std::optional<DivergenceResult> warm_fit;
    std::optional<SinkhornResult> warm_gap;
  };
  const State& state() const { return state_; }
  void restore(const State& state);

  const MongeGapOptions& options() const { return options_; }
  const Points& source() const { return X_; }
  const Points& target() const { return Y_; }

 private:
  SinkhornOptions sinkhorn(bool cold) const;
  Points X_, Y_;
  MongeGapOptions options_;
  MlpMap2D map_;
  State state_;
  Points pushed_, start_;
  double fitting_ = 0, gap_ = 0;
};

}  // namespace monge
