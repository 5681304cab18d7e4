#pragma once
// The divergences the playground minimises, their names in scene files, and the pointwise
// integrands of those computed on a grid.
//
// Grid divergences D(p, q) = ∫ f(p(x), q(x)) dx (p the target, q the model), written for
// densities that need not integrate to exactly 1 on the grid (so that a model with a little
// mass outside the box is still compared fairly, and each D >= 0 with D = 0 iff p = q):
//   forward-kl   KL(p | q) = ∫ p log(p/q) - p + q            mode covering
//   reverse-kl   KL(q | p) = ∫ q log(q/p) - q + p            mode seeking
//   js           JS = ½ KL(p | m) + ½ KL(q | m), m = (p + q)/2
//   alpha        Amari's D_α = 1/(α(α-1)) ∫ p^α q^(1-α) - α p - (1-α) q, α in [0, 1]: α -> 1
//                gives forward KL, α -> 0 reverse KL, α = ½ is 4 × the squared Hellinger
//                distance. Outside [0, 1] the integrand grows like a power above 1 of p/q or q/p
//                and the divergence is decided by the far tails, which the grid cannot resolve
//                (nor the mass outside it): not offered.
//   tv           ½ ∫ |p - q|   (its gradient exists wherever p != q, i.e. almost everywhere)
//   hellinger    H² = ½ ∫ (√p - √q)²
// Sample divergences, through the project's engines on samples of the model and the target:
//   sliced-wasserstein   SW_2² (solvers/sliced)
//   sinkhorn             the Sinkhorn divergence S_ε (solvers/entropic)
#include <cmath>
#include <string>

namespace monge {

enum class DivergenceKind { ForwardKL, ReverseKL, JensenShannon, Alpha, TotalVariation, Hellinger, SlicedWasserstein, Sinkhorn };

// "forward-kl", "reverse-kl", "js", "alpha", "tv", "hellinger", "sliced-wasserstein", "sinkhorn".
const char* divergence_name(DivergenceKind kind);
// Throws InputError("<what>: expected one of ..., got '...'").
DivergenceKind parse_divergence(const std::string& name, const std::string& what);
// All names, in the order above (for error messages and the GUI's choices).
const char* const* divergence_names(int* count);
// True for the divergences integrated on the grid, false for the sample-based ones.
inline bool is_grid_divergence(DivergenceKind kind) {
  return kind != DivergenceKind::SlicedWasserstein && kind != DivergenceKind::Sinkhorn;
}

// The integrand f and its derivative in log q at one cell, from lp = log p and lq = log q.
// Working in logs keeps KL(q | p) finite where both densities underflow. alpha: only for Alpha,
// where alpha = 0 and 1 are the two KLs exactly (the general formula is 0/0 there).
struct Integrand {
  double value = 0;    // f(p, q)
  double d_log_q = 0;  // q ∂f/∂q
};

inline Integrand divergence_integrand(DivergenceKind kind, double alpha, double lp, double lq) {
  const double p = std::exp(lp), q = std::exp(lq);
  if (kind == DivergenceKind::Alpha && alpha == 1.0) kind = DivergenceKind::ForwardKL;
  if (kind == DivergenceKind::Alpha && alpha == 0.0) kind = DivergenceKind::ReverseKL;
  switch (kind) {
    case DivergenceKind::ForwardKL:
      return {(p > 0 ? p * (lp - lq) : 0.0) - p + q, q - p};
    case DivergenceKind::ReverseKL: {
      const double t = q > 0 ? q * (lq - lp) : 0.0;
      return {t - q + p, t};
    }
    case DivergenceKind::JensenShannon: {
      // log m = log((p + q)/2) by log-add-exp of the two logs.
      const double hi = lp > lq ? lp : lq, lo = lp > lq ? lq : lp;
      const double lm = hi + std::log1p(std::exp(lo - hi)) - 0.69314718055994530942;
      const double tp = p > 0 ? 0.5 * p * (lp - lm) : 0.0, tq = q > 0 ? 0.5 * q * (lq - lm) : 0.0;
      return {tp + tq, tq};
    }
    case DivergenceKind::Alpha: {
      const double mixed = std::exp(alpha * lp + (1.0 - alpha) * lq);  // p^α q^(1-α)
      return {(mixed - alpha * p - (1.0 - alpha) * q) / (alpha * (alpha - 1.0)), (q - mixed) / alpha};
    }
    case DivergenceKind::TotalVariation:
      return {0.5 * std::abs(p - q), q > p ? 0.5 * q : (q < p ? -0.5 * q : 0.0)};
    case DivergenceKind::Hellinger: {
      const double root = std::exp(0.5 * (lp + lq));  // √(pq)
      return {0.5 * (p + q) - root, 0.5 * (q - root)};
    }
    default:
      return {};
  }
}

}  // namespace monge
