#pragma once
// The exact solution of the Fokker-Planck equation with a quadratic (or zero) potential started
// from a Gaussian: it stays Gaussian, with
//     m(t) = c + e^{-At} (m0 - c),
//     Sigma(t) = e^{-At} Sigma0 e^{-At} + T A^{-1} (I - e^{-2At})     (V = 1/2 (x-c)^T A (x-c)),
//     m(t) = m0,  Sigma(t) = Sigma0 + 2 T t I                          (V = 0, heat flow).
// The app draws it as a covariance ellipse over the particles ("the exact answer beside the
// computed one"); ParticleEnergyFlow reports it as exact_* diagnostics.
#include <Eigen/Core>

#include "solvers/energy/potential.hpp"

namespace monge {

struct GaussianState {
  Eigen::VectorXd mean;  // d
  Eigen::MatrixXd cov;   // d by d
};

// True if `potential` admits the closed form (None or Quadratic).
bool has_gaussian_solution(const Potential& potential);
// The law at time t from `start` (d = start.mean.size()); requires has_gaussian_solution.
GaussianState gaussian_solution(const Potential& potential, double temperature, const GaussianState& start, double t);

}  // namespace monge
