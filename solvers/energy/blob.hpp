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

#include "solvers/common/types.hpp"
#include "solvers/energy/blob_math.hpp"

namespace monge {

struct BlobOptions {
  double m = 2;        // exponent, >= 1 (1: entropy)
  double eps = 0.1;    // mollifier width (standard deviation of phi_eps), > 0
};


// X  N by d (d = 2 or 3); w  N weights summing to 1.
// velocity (out) N*d row-major: -grad of the first variation of U_eps at each particle.
// Returns U_eps at X.
double blob_velocity(const Points& X, const Eigen::VectorXd& w, const BlobOptions& options,
                     std::vector<double>& velocity);

// The mollified density (phi_eps * rho)(y) at the points Y (K by d), for plots and tests.
Eigen::VectorXd blob_density(const Points& X, const Eigen::VectorXd& w, double eps, const Points& Y);

}  // namespace monge
