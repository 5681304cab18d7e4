#include "solvers/energy/interaction_mesh.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unsupported/Eigen/FFT>

#include "base/errors.hpp"
#include "solvers/common/ordered_sum.hpp"

namespace monge {
namespace {

// The far part of the kernel split: W itself beyond rc, and inside rc the quadratic
// W(rc) + g(rc) (r^2 - rc^2) / 2 that continues it with the same value and gradient
// (so grad W_far(z) = g(rc) z there: smooth, no singularity at 0).
struct FarKernel {
  const InteractionKernel& k;
  double rc2, w_rc, g_rc;
  FarKernel(const InteractionKernel& kernel, double rc)
      : k(kernel), rc2(rc * rc), w_rc(kernel.value_r2(rc * rc)), g_rc(kernel.gradient_factor_r2(rc * rc)) {}
  double value(double r2) const { return r2 >= rc2 ? k.value_r2(r2) : w_rc + 0.5 * g_rc * (r2 - rc2); }
  double gradient_factor(double r2) const { return r2 >= rc2 ? k.gradient_factor_r2(r2) : g_rc; }
};

bool same_kernel(const InteractionKernel& a, const InteractionKernel& b) {
  return a.kind == b.kind && a.a == b.a && a.b == b.b && a.ca == b.ca && a.la == b.la && a.cr == b.cr &&
         a.lr == b.lr && a.strength == b.strength && a.dim == b.dim;
}

}  // namespace

InteractionMesh::InteractionMesh(int cells) : m_(cells), p_(2 * cells) {
  if (cells < 16 || cells > 2048 || (cells & (cells - 1)) != 0)
    throw InputError("interaction mesh cells: must be a power of two in [16, 2048], got " + std::to_string(cells));
}

void InteractionMesh::fft2(std::vector<Complex>& data, bool inverse) const {
  const int p = p_;
  // Rows, then columns; one kissfft plan per thread (plans are cached inside Eigen::FFT).
#pragma omp parallel
  {
    Eigen::FFT<float> fft;
    std::vector<Complex> in(p), out(p);
#pragma omp for schedule(static)
    for (int r = 0; r < p; ++r) {
      std::memcpy(in.data(), data.data() + static_cast<std::size_t>(r) * p, sizeof(Complex) * p);
      if (inverse) fft.inv(out, in); else fft.fwd(out, in);
      std::memcpy(data.data() + static_cast<std::size_t>(r) * p, out.data(), sizeof(Complex) * p);
    }
#pragma omp for schedule(static)
    for (int c = 0; c < p; ++c) {
      for (int r = 0; r < p; ++r) in[r] = data[static_cast<std::size_t>(r) * p + c];
      if (inverse) fft.inv(out, in); else fft.fwd(out, in);
      for (int r = 0; r < p; ++r) data[static_cast<std::size_t>(r) * p + c] = out[r];
    }
  }
}

void InteractionMesh::prepare_kernels(const InteractionKernel& kernel, double h) {
  if (h == cached_h_ && same_kernel(kernel, cached_kernel_)) return;
  const int p = p_, m = m_;
  const std::size_t size = static_cast<std::size_t>(p) * p;
  kernel_w_.assign(size, Complex(0, 0));
  kernel_gx_.assign(size, Complex(0, 0));
  const FarKernel far(kernel, kNearCells * h);
  for (int v = 0; v < p; ++v) {
    const int dv = v < m ? v : v - p;
    if (dv <= -m) continue;  // offset -m never occurs between nodes 0..m-1
    for (int u = 0; u < p; ++u) {
      const int du = u < m ? u : u - p;
      if (du <= -m) continue;
      const double x = du * h, y = dv * h, r2 = x * x + y * y;
      const double g = far.gradient_factor(r2);
      // The zero offset keeps W_far(0) so that two particles in one cell interact through the
      // smooth far part too; each particle's own share is removed in compute().
      kernel_w_[static_cast<std::size_t>(v) * p + u] = Complex(static_cast<float>(far.value(r2)), 0);
      // grad W packed as gx + i gy: both convolutions come back from one inverse transform.
      kernel_gx_[static_cast<std::size_t>(v) * p + u] = Complex(static_cast<float>(g * x), static_cast<float>(g * y));
    }
  }
  fft2(kernel_w_, false);
  // The transform of (gx + i gy) is Gx + i Gy; multiplying by the real-data transform R and
  // inverting gives (gx * rho) + i (gy * rho) because both are real.
  fft2(kernel_gx_, false);
  cached_h_ = h;
  cached_kernel_ = kernel;
}

double InteractionMesh::compute(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel,
                                std::vector<double>& grad, bool want_energy) {
  if (X.cols() != 2) throw InputError("interaction mesh: particle-mesh sums are 2D only; use the exact method in 3D");
  const int n = static_cast<int>(X.rows()), m = m_, p = p_;
  grad.assign(static_cast<std::size_t>(n) * 2, 0.0);
  if (n == 0) return 0;
  const float xmin = X.col(0).minCoeff(), xmax = X.col(0).maxCoeff();
  const float ymin = X.col(1).minCoeff(), ymax = X.col(1).maxCoeff();
  const double extent = std::max<double>({xmax - xmin, ymax - ymin, 1e-6});
  // Spacing rounded up to 2^(k/4): nodes 1 .. m-2 cover the cloud, and the cached kernels
  // survive small changes of the cloud's size.
  const double h_raw = extent / (m - 3);
  const double h = std::exp2(std::ceil(4.0 * std::log2(h_raw)) / 4.0);
  h_ = h;
  const double ox = 0.5 * (xmin + xmax) - 0.5 * (m - 1) * h;
  const double oy = 0.5 * (ymin + ymax) - 0.5 * (m - 1) * h;
  prepare_kernels(kernel, h);

  // Cloud-in-cell deposit (serial: scattered writes; O(N), cheap next to the transforms).
  rho_.assign(static_cast<std::size_t>(p) * p, Complex(0, 0));
  std::vector<int> cell(static_cast<std::size_t>(n) * 2);
  std::vector<float> frac(static_cast<std::size_t>(n) * 2);
  for (int i = 0; i < n; ++i) {
    const double fx = (X(i, 0) - ox) / h, fy = (X(i, 1) - oy) / h;
    const int ix = std::clamp(static_cast<int>(std::floor(fx)), 0, m - 2);
    const int iy = std::clamp(static_cast<int>(std::floor(fy)), 0, m - 2);
    const float tx = static_cast<float>(fx - ix), ty = static_cast<float>(fy - iy);
    cell[2 * i] = ix; cell[2 * i + 1] = iy;
    frac[2 * i] = tx; frac[2 * i + 1] = ty;
    const float wi = static_cast<float>(w[i]);
    Complex* r0 = rho_.data() + static_cast<std::size_t>(iy) * p + ix;
    r0[0] += wi * (1 - tx) * (1 - ty);
    r0[1] += wi * tx * (1 - ty);
    r0[p] += wi * (1 - tx) * ty;
    r0[p + 1] += wi * tx * ty;
  }
  fft2(rho_, false);

  const std::size_t size = static_cast<std::size_t>(p) * p;
  work_.resize(size);
  for (std::size_t k = 0; k < size; ++k) work_[k] = rho_[k] * kernel_gx_[k];
  fft2(work_, true);
  if (want_energy) {
    work2_.resize(size);
    for (std::size_t k = 0; k < size; ++k) work2_[k] = rho_[k] * kernel_w_[k];
    fft2(work2_, true);
  }

  // ordered_sum: the energy's bits do not depend on the thread count.
  double energy = ordered_sum(n, 1024, [&](std::int64_t row) {
    const int i = static_cast<int>(row);
    const int ix = cell[2 * i], iy = cell[2 * i + 1];
    const float tx = frac[2 * i], ty = frac[2 * i + 1];
    const std::size_t k = static_cast<std::size_t>(iy) * p + ix;
    const float c00 = (1 - tx) * (1 - ty), c10 = tx * (1 - ty), c01 = (1 - tx) * ty, c11 = tx * ty;
    const Complex g = c00 * work_[k] + c10 * work_[k + 1] + c01 * work_[k + p] + c11 * work_[k + p + 1];
    grad[2 * static_cast<std::size_t>(i)] = g.real();
    grad[2 * static_cast<std::size_t>(i) + 1] = g.imag();
    if (!want_energy) return 0.0;
    const float phi = c00 * work2_[k].real() + c10 * work2_[k + 1].real() + c01 * work2_[k + p].real() +
                      c11 * work2_[k + p + 1].real();
    return 0.5 * w[i] * phi;
  });
  if (want_energy) {
    // Remove each particle's interaction with itself through the zero offset, 1/2 w_i^2 W_far(0).
    const double w_far0 = FarKernel(kernel, kNearCells * h).value(0.0);
    energy -= 0.5 * w.squaredNorm() * w_far0;
  }
  return energy + near_field(X, w, kernel, ox, oy, grad, want_energy);
}

double InteractionMesh::near_field(const Points& X, const Eigen::VectorXd& w, const InteractionKernel& kernel,
                                   double ox, double oy, std::vector<double>& grad, bool want_energy) {
  // The near part W (1 - chi(r / rc)) vanishes beyond rc: exact sums over a cell list with bins
  // of side rc, each particle visiting the 3 x 3 bins around its own.
  const int n = static_cast<int>(X.rows());
  const double rc = kNearCells * h_, rc2 = rc * rc;
  const FarKernel far(kernel, rc);
  const int nb = static_cast<int>(std::ceil((m_ - 1) * h_ / rc)) + 1;
  std::vector<int> bin(n), start(static_cast<std::size_t>(nb) * nb + 1, 0), order(n);
  for (int i = 0; i < n; ++i) {
    const int bx = std::clamp(static_cast<int>((X(i, 0) - ox) / rc), 0, nb - 1);
    const int by = std::clamp(static_cast<int>((X(i, 1) - oy) / rc), 0, nb - 1);
    bin[i] = by * nb + bx;
    ++start[bin[i] + 1];
  }
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  // Coordinates and weights in bin order, so each bin's particles are contiguous in memory.
  std::vector<int> slot(n);
  {
    std::vector<int> fill(start.begin(), start.end() - 1);
    for (int i = 0; i < n; ++i) {
      slot[i] = fill[bin[i]]++;
      order[slot[i]] = i;
    }
  }
  std::vector<double> sx(n), sy(n), sw(n);
  for (int t = 0; t < n; ++t) {
    sx[t] = X(order[t], 0);
    sy[t] = X(order[t], 1);
    sw[t] = w[order[t]];
  }
  // Walk the particles in bin order: neighbouring iterations read the same bins. ordered_sum: the
  // energy's bits do not depend on the thread count.
  const double energy = ordered_sum(n, 256, [&](std::int64_t slot_of_i) {
    const int own = static_cast<int>(slot_of_i);
    const int i = order[own];
    const int bx = bin[i] % nb, by = bin[i] / nb;
    const double xi = X(i, 0), yi = X(i, 1);
    double g0 = 0, g1 = 0, e = 0;
    for (int cy = std::max(0, by - 1); cy <= std::min(nb - 1, by + 1); ++cy)
      for (int cx = std::max(0, bx - 1); cx <= std::min(nb - 1, bx + 1); ++cx) {
        const int b = cy * nb + cx;
        for (int t = start[b]; t < start[b + 1]; ++t) {
          if (t == own) continue;
          const double dx = xi - sx[t], dy = yi - sy[t], r2 = dx * dx + dy * dy;
          if (r2 >= rc2) continue;
          // Near part W - W_far: gradient factor g(r) - g(rc), zero beyond rc.
          const double f = sw[t] * (kernel.gradient_factor_r2(r2) - far.g_rc);
          g0 += f * dx;
          g1 += f * dy;
          if (want_energy) e += sw[t] * (kernel.value_r2(r2) - far.value(r2));
        }
      }
    grad[2 * static_cast<std::size_t>(i)] += g0;
    grad[2 * static_cast<std::size_t>(i) + 1] += g1;
    return 0.5 * w[i] * e;
  });
  return want_energy ? energy : 0.0;
}

}  // namespace monge
