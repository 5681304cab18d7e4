#pragma once
// Internal to solvers/entropic: the over-relaxation factor ω of Sinkhorn, adapted on the fly.
#include <algorithm>
#include <cmath>
#include <vector>

namespace monge::entropic {

// Over-relaxed Sinkhorn (Thibault, Chizat, Dossal, Papadakis 2017): u ← u^{1−ω} (1/(K(b∘v)))^ω and
// the same for v. Near the solution Sinkhorn is a block Gauss–Seidel sweep of a 2-cyclic system
// whose error shrinks by λ per iteration; as for SOR (Young), ω = 2/(1 + √(1 − λ)) brings that
// factor to about ω − 1. λ is unknown: every `kWindow` iterations the observed rate ρ under the
// current ω gives the estimate λ = (ρ + ω − 1)²/(ω² ρ) (Young's eigenvalue relation), and ω moves
// up towards the optimum (from below, the safe side). Measured: 44 → 22 iterations at
// C_max/ε = 40; random assignment (η = 1200, n = 500, tol 1e-9) 163,431 → 2,918. A window in
// which the error does not fall lowers ω by a tenth of ω − 1 and caps it there; an error 10
// times its best so far returns to plain Sinkhorn for good.
class Relaxation {
 public:
  // enabled = false: plain Sinkhorn (ω = 1 throughout).
  explicit Relaxation(bool enabled = true) : settled_(!enabled) {}

  double omega() const { return omega_; }

  void observe(double err) {
    errors_.push_back(err);
    best_ = std::min(best_, err);
    const int k = static_cast<int>(errors_.size());
    if (settled_) return;
    if (err > 10 * best_) {  // diverging: plain Sinkhorn from here on
      omega_ = 1.0;
      settled_ = true;
      return;
    }
    if (k - last_change_ < window_) return;
    // The rate over the second half of the window, after the transient of the last change.
    const int span = window_ / 2;
    const double rho = std::pow(err / errors_[k - 1 - span], 1.0 / span);
    last_change_ = k;
    if (!(rho < 1.0)) {
      // Past the optimum the error oscillates and a short window can see it rise: step back
      // and never come this far again.
      ceiling_ = omega_ = 1.0 + 0.9 * (omega_ - 1.0);
      return;
    }
    // Rates near 1 need longer windows to be told apart.
    window_ = rho > 0.9 ? 4 * kWindow : kWindow;
    const double lambda = std::min(1.0, (rho + omega_ - 1) * (rho + omega_ - 1) / (omega_ * omega_ * rho));
    const double target = std::min(ceiling_, 2.0 / (1.0 + std::sqrt(1.0 - lambda)));
    if (target > omega_) omega_ = target;
  }

 private:
  static constexpr int kWindow = 8;
  std::vector<double> errors_;
  double omega_ = 1.0, best_ = 1e300, ceiling_ = 1.98;
  int last_change_ = 0, window_ = kWindow;
  bool settled_ = false;
};

}  // namespace monge::entropic
