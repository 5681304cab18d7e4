#pragma once
// Radial interaction kernels W(x - y) = W(|x - y|) of the interaction energy
// 1/2 int int W(x - y) drho(x) drho(y). Each kernel gives W(r) and the radial factor g(r) with
// grad W(z) = g(|z|) z, which is what the particle sums need (no square root in the power laws).
// Evaluated in the inner O(N^2) loops, so everything here is inline, and MONGE_HD: the CUDA
// N-body kernel (solvers/cuda/interaction_device.cu) calls these very functions.
#include <cmath>
#include <string>

#include "solvers/common/hd.hpp"

namespace monge {

enum class KernelKind {
  PowerLaw,   // W(r) = r^a/a - r^b/b, the term -r^b/b read as -log r when b = 0: attractive at long
              // range, repulsive at short
  Morse,      // W(r) = -ca exp(-r/la) + cr exp(-r/lr)
  Newtonian,  // attractive Newtonian potential: strength/(2 pi) log r (d = 2), -strength/(4 pi r) (d = 3)
};

struct InteractionKernel {
  KernelKind kind = KernelKind::PowerLaw;
  double a = 2, b = 0;                    // power law exponents, a > 0, -d < b < a
  double ca = 1, la = 1, cr = 0.5, lr = 0.5;  // Morse attraction/repulsion strengths and lengths
  double strength = 1;                    // Newtonian
  int dim = 2;                            // dimension of the points (Newtonian depends on it)

  // Throws InputError naming `what` and the bad parameter.
  void validate(const std::string& what) const;

  // Distances below this are treated as this (coincident particles would divide by zero).
  static constexpr double kMinR2 = 1e-18;

  // W at squared distance r2.
  MONGE_HD double value_r2(double r2) const {
    r2 = r2 < kMinR2 ? kMinR2 : r2;
    switch (kind) {
      case KernelKind::PowerLaw: {
        // r^a/a - r^b/b, where r^b/b stands for log r when b = 0; a = 2 needs no pow.
        const double wa = a == 2 ? 0.5 * r2 : std::pow(r2, 0.5 * a) / a;
        const double wb = b == 0 ? 0.5 * std::log(r2) : std::pow(r2, 0.5 * b) / b;
        return wa - wb;
      }
      case KernelKind::Morse: {
        const double r = std::sqrt(r2);
        return -ca * std::exp(-r / la) + cr * std::exp(-r / lr);
      }
      case KernelKind::Newtonian:
        if (dim == 2) return strength / (4 * M_PI) * std::log(r2);
        return -strength / (4 * M_PI * std::sqrt(r2));
    }
    return 0;
  }

  // g(r) with grad W(z) = g(|z|) z, at squared distance r2.
  MONGE_HD double gradient_factor_r2(double r2) const {
    r2 = r2 < kMinR2 ? kMinR2 : r2;
    switch (kind) {
      case KernelKind::PowerLaw: {
        // r^(a-2) - r^(b-2); the common case a = 2 needs no pow.
        const double ga = a == 2 ? 1.0 : std::pow(r2, 0.5 * (a - 2));
        const double gb = b == 0 ? 1.0 / r2 : std::pow(r2, 0.5 * (b - 2));
        return ga - gb;
      }
      case KernelKind::Morse: {
        const double r = std::sqrt(r2);
        return (ca / la * std::exp(-r / la) - cr / lr * std::exp(-r / lr)) / r;
      }
      case KernelKind::Newtonian:
        if (dim == 2) return strength / (2 * M_PI * r2);
        return strength / (4 * M_PI * r2 * std::sqrt(r2));
    }
    return 0;
  }
};

}  // namespace monge
