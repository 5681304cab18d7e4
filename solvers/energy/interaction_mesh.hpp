#pragma once
// Particle-mesh approximation of the interaction sums in 2D, O(N + M^2 log M + N k) per
// evaluation (k: neighbours within rc). The kernel is split at rc = 2 h (P3M-style):
//     W_far(r) = W(r) for r >= rc,  W(rc) + g(rc) (r^2 - rc^2)/2 inside (same value and slope
//     at rc, smooth at 0),   W_near = W - W_far (zero beyond rc).
// The near part is summed exactly over a cell list; the smooth far part on the mesh:
//   1. Cloud-in-cell deposit of the weights on an M by M node grid covering the particles
//      (spacing h, one spare cell on each side).
//   2. Discrete convolution with W_far and grad W_far sampled at the node offsets, done exactly
//      as a circular convolution of size 2M by 2M through FFTs (Eigen's unsupported FFT
//      module, kissfft), so the grid sum itself has no aliasing.
//   3. Cloud-in-cell interpolation of the potential and of grad W_far * rho to the particles.
//
// The error against interaction_exact comes from spreading each particle over its cell when
// summing the smooth far part; the near part is exact.
// tests/pure/test_energy_aggregation.cpp measures it; docs/energy.md gives the figures.
// The spacing h is rounded up to a power of 2^(1/4) so that the transformed kernels are reused
// between steps while the cloud keeps its size; the grid moves with the particles' bounding box.
#include <complex>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/energy/interaction_kernel.hpp"

namespace monge {

class InteractionMesh {
 public:
  // cells: M, nodes per axis, a power of two in [16, 2048] (InputError otherwise).
  explicit InteractionMesh(int cells = 256);

  // Near/far split radius rc = kNearCells * h.
  static constexpr double kNearCells = 2.0;

  // Same contract as interaction_exact (X must be N by 2): grad (N*2 row-major) gets
  // sum_j w_j grad W(X_i - X_j); returns 1/2 sum_ij w_i w_j W(X_i - X_j) when want_energy.
  double compute(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel,
                 std::vector<double>& grad, bool want_energy);

  int cells() const { return m_; }
  double spacing() const { return h_; }  // h of the last evaluation

 private:
  using Complex = std::complex<float>;
  void fft2(std::vector<Complex>& data, bool inverse) const;
  void prepare_kernels(const InteractionKernel& kernel, double h);
  double near_field(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel, double ox, double oy,
                    std::vector<double>& grad, bool want_energy);

  int m_, p_;  // nodes per axis, padded size 2m
  double h_ = 0;
  // Cached transforms of W and of grad W packed as (gx + i gy) and the parameters they were made for.
  std::vector<Complex> kernel_w_, kernel_gx_, kernel_gy_;
  double cached_h_ = -1;
  InteractionKernel cached_kernel_;
  std::vector<Complex> rho_, work_, work2_;
};

}  // namespace monge
