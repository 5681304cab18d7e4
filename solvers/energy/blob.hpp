#pragma once
// The blob method of Carrillo, Craig and Patacchini (arXiv 1709.09195) for internal energies
// U(rho) = rho log rho (m = 1, diffusion) or rho^m/(m - 1) (m > 1, porous medium): the
// particles' empirical measure is mollified by a Gaussian phi_eps, and the regularised energy
//     U_eps(rho) = int u(phi_eps * rho) drho,   u(s) = log s (m = 1), s^(m-1)/(m-1) (m > 1)
// has a particle gradient flow. With rho_i = sum_j w_j phi_eps(X_i - X_j), its velocity is
//     v_i = -sum_j w_j grad phi_eps(X_i - X_j) (rho_i^(m-2) + rho_j^(m-2)),
// which tends to -grad(m/(m-1) rho^(m-1)) (resp. -grad log rho) as eps -> 0: the flow of
// d rho/dt = Laplacian(rho^m). Cost O(N^2) per step (two passes, OpenMP).
#include <Eigen/Core>
#include <cmath>
#include <vector>

#include "solvers/common/hd.hpp"
#include "solvers/common/types.hpp"

namespace monge {

struct BlobOptions {
  double m = 2;        // exponent, >= 1 (1: entropy)
  double eps = 0.1;    // mollifier width (standard deviation of phi_eps), > 0
};

// Per-pair and per-particle math of the blob sums, MONGE_HD so that the CUDA runner
// (solvers/cuda/interaction_device.cu) calls what blob_velocity calls.
// Beyond this many widths the Gaussian (e^-32 ~ 1e-14) is dropped.
constexpr double kBlobCutoff = 8.0;
// exp(-r2 / (2 eps^2)) within the cutoff (cut2 = (kBlobCutoff eps)^2), else 0; inv2e2 = 1/(2 eps^2).
MONGE_HD double blob_gaussian(double r2, double inv2e2, double cut2) { return r2 < cut2 ? std::exp(-r2 * inv2e2) : 0.0; }
// u(rho) of the internal energy: log rho (m = 1), rho^(m-1)/(m-1) (m > 1).
MONGE_HD double blob_internal(double rho, double m) { return m == 1 ? std::log(rho) : std::pow(rho, m - 1) / (m - 1); }

// X  N by d (d = 2 or 3); w  N weights summing to 1.
// velocity (out) N*d row-major: -grad of the first variation of U_eps at each particle.
// Returns U_eps at X.
double blob_velocity(const Points& X, const Eigen::VectorXd& w, const BlobOptions& options,
                     std::vector<double>& velocity);

// The mollified density (phi_eps * rho)(y) at the points Y (K by d), for plots and tests.
Eigen::VectorXd blob_density(const Points& X, const Eigen::VectorXd& w, double eps, const Points& Y);

}  // namespace monge
