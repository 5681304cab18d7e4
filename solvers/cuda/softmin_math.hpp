#pragma once
// Per-element math of the GPU softmin kernels (softmin_device.cu), in MONGE_HD functions that the
// CPU tests cover (tests/pure/test_cuda_math.cpp). No CUDA header: plain C++ on the host.
//
// The float kernel (SoftminJob::single, the loose-tolerance stages) rounds what the CPU's float
// path rounds and nothing more: the term t_j = base_j - C_ij/eps, the running max and the running
// sum stay in double, and only the exponential's argument t_j - max <= 0 goes to float
// (entropic::fast_expf), as sum_expf in solvers/entropic/softmin.cpp. Keeping t_j in float instead
// costs |t_j| 2^-24 per term: at eps = 0.01 (|t_j| ~ 100) 1e-5 relative per summand, enough to
// stall a stage short of its tolerance.
#include <limits>

#include "solvers/common/hd.hpp"
#include "solvers/entropic/entropic_math.hpp"

namespace monge::cuda {

// t_ij = base_j - C(x_i, y_j)/eps in double (the distance from the float coordinates in double,
// as the CPU's rows). x, y  d coordinates each; kind, p as entropic::ground_cost.
MONGE_HD double softmin_term(const float* x, const float* y, int d, int kind, double p, double base, double inv_eps) {
  const double c = entropic::cost_from_squared<double>(entropic::squared_distance<double>(x, y, d), kind, p);
  return base - c * inv_eps;
}

// Online log-sum-exp with the exponentials in float and everything else in double: after pushing
// t_1..t_k, mx = max t and s = sum exp(t_j - mx) with each exp from the float of t_j - mx (or of
// mx_old - t when t becomes the max and the old sum is rescaled).
struct MixedOnlineLse {
  double mx = std::numeric_limits<double>::lowest();  // finite: mx - t stays a number
  double s = 0;

  MONGE_HD void push(double t) {
    const bool up = t > mx;
    const double e = static_cast<double>(entropic::fast_expf(static_cast<float>(up ? mx - t : t - mx)));
    s = up ? s * e + 1.0 : s + e;
    mx = up ? t : mx;
  }
  // log sum_j exp(t_j) over the terms pushed (at least one).
  MONGE_HD double log_sum() const { return mx + std::log(s); }
};

}  // namespace monge::cuda
