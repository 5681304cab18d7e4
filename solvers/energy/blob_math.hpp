#pragma once
// The blob method's per-pair and per-particle math (blob.hpp), without Eigen, so that nvcc
// compiles it for the CUDA runner (solvers/cuda/interaction_device.cu) from the same source the
// CPU uses.
#include <cmath>

#include "solvers/common/hd.hpp"

namespace monge {

// Per-pair and per-particle math of the blob sums, MONGE_HD so that the CUDA runner
// (solvers/cuda/interaction_device.cu) calls what blob_velocity calls.
// Beyond this many widths the Gaussian (e^-32 ~ 1e-14) is dropped.
constexpr double kBlobCutoff = 8.0;
// exp(-r2 / (2 eps^2)) within the cutoff (cut2 = (kBlobCutoff eps)^2), else 0; inv2e2 = 1/(2 eps^2).
MONGE_HD double blob_gaussian(double r2, double inv2e2, double cut2) { return r2 < cut2 ? std::exp(-r2 * inv2e2) : 0.0; }
// u(rho) of the internal energy: log rho (m = 1), rho^(m-1)/(m-1) (m > 1).
MONGE_HD double blob_internal(double rho, double m) { return m == 1 ? std::log(rho) : std::pow(rho, m - 1) / (m - 1); }

}  // namespace monge
