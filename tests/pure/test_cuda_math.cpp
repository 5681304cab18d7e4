// The per-element math of the CUDA kernels, on the CPU (the kernels call these very functions):
//   projections (sliced_math.hpp project_point, no fused multiply-add): bit for bit the CPU
//     engine's, and the GPU's key order (a stable radix sort of (float_to_key(value), index)) is
//     exactly ProjectionSorter's, signed zeros and ties included;
//   the float softmin (solvers/cuda/softmin_math.hpp): t_j, the max and the sum in double, float
//     exps of t_j - max, as the CPU's float path; at eps = 0.01 it stays within 1e-7 of the exact
//     log-sum-exp (measured 2e-8) where the former all-float kernel drifted by up to 2.5e-6.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "solvers/common/random.hpp"
#include "solvers/cuda/softmin_math.hpp"
#include "solvers/entropic/entropic_math.hpp"
#include "solvers/sliced/directions.hpp"
#include "solvers/sliced/projection_sort.hpp"
#include "solvers/sliced/sliced_math.hpp"
#include "solvers/sliced/sort_keys.hpp"

namespace monge {
namespace {

std::uint32_t bits(float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

// Gaussian points with exact zeros, negative zeros and duplicated rows mixed in: signed zeros
// and ties are where an order can differ.
Points awkward_cloud(int n, int d, std::uint64_t seed) {
  const CounterRng rng(seed, 0);
  Points P(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) {
      const float u = rng.uniform(static_cast<std::uint64_t>(i) * d + j);
      P(i, j) = u < 0.1f ? 0.0f : u < 0.2f ? -0.0f : rng.normal(static_cast<std::uint64_t>(n + i) * d + j);
    }
  for (int i = 0; i + 7 < n; i += 7) P.row(i + 7) = P.row(i);
  return P;
}

TEST(CudaMath, ProjectionsAndSortOrderAreTheCpuEnginesBitForBit) {
  for (int d = 1; d <= 5; ++d) {
    const Points P = awkward_cloud(3000, d, 10 + d);
    Points theta;
    draw_directions(DirectionScheme::MonteCarlo, 6, d, CounterRng(4, d), theta);
    theta.row(0).setZero();  // every projection 0 (signs of zero differ): the order is the index order
    theta(0, 0) = d == 1 ? 1.0f : 0.0f;
    CloudBounds bounds;
    bounds.compute(P);
    ProjectionSorter sorter;
    const int n = static_cast<int>(P.rows());
    for (int l = 0; l < theta.rows(); ++l) {
      SCOPED_TRACE("d " + std::to_string(d) + " direction " + std::to_string(l));
      // The GPU's keys: (float_to_key(project_point), index), stably sorted (CUB's radix sort).
      std::vector<std::uint64_t> keys(n);
      for (int i = 0; i < n; ++i) {
        const float v = project_point(&P(i, 0), &theta(l, 0), d);
        ASSERT_EQ(bits(v), bits(ProjectionSorter::value_of(static_cast<std::uint64_t>(i), SortPayload::Index,
                                                           P.data(), d, &theta(l, 0))))
            << "point " << i;
        keys[i] = static_cast<std::uint64_t>(float_to_key(v)) << 32 | static_cast<std::uint32_t>(i);
      }
      std::stable_sort(keys.begin(), keys.end(), [](std::uint64_t a, std::uint64_t b) { return a >> 32 < b >> 32; });
      const std::uint64_t* cpu = sorter.sort(P.data(), n, d, &theta(l, 0), bounds, SortPayload::Index);
      for (int k = 0; k < n; ++k) ASSERT_EQ(item_index(cpu[k]), static_cast<std::uint32_t>(keys[k])) << "rank " << k;
    }
  }
}

// Terms t_j = base_j - C_j / eps of one softmin row at eps = 0.01: costs |x - y_j|^2 of a 2D
// cloud, base = log(1/M) plus potentials of size ~C/eps (what a converged Sinkhorn row holds).
std::vector<double> softmin_terms(int M, std::uint64_t seed) {
  const CounterRng rng(seed, 0);
  const double eps = 0.01;
  const float x[2] = {0.3f, -0.2f};
  std::vector<double> t(M);
  for (int j = 0; j < M; ++j) {
    const float y[2] = {0.5f * rng.normal(2 * static_cast<std::uint64_t>(j)),
                        0.5f * rng.normal(2 * static_cast<std::uint64_t>(j) + 1)};
    const double h = 0.8 * static_cast<double>(rng.uniform(static_cast<std::uint64_t>(M + j)));
    t[j] = cuda::softmin_term(x, y, 2, 0, 2.0, h / eps - std::log(double(M)), 1.0 / eps);
    // softmin_term is the CPU's row in double: base - C/eps with C from double coordinates.
    const double c = entropic::ground_cost(x, y, 2, 0, 2.0);
    EXPECT_EQ(t[j], (h / eps - std::log(double(M))) - c * (1.0 / eps));
  }
  return t;
}

double exact_log_sum_exp(const std::vector<double>& t) {
  const double mx = *std::max_element(t.begin(), t.end());
  double s = 0;
  for (double v : t) s += std::exp(v - mx);
  return mx + std::log(s);
}

TEST(CudaMath, MixedSoftminKeepsDoubleAccuracyWhereFloatDrifts) {
  double worst_float = 0;
  for (std::uint64_t seed : {1, 2, 3}) {
    std::vector<double> t = softmin_terms(20000, seed);
    const double exact = exact_log_sum_exp(t);
    // In the order given, and ascending (every term a new max: the most rescaling).
    for (bool ascending : {false, true}) {
      if (ascending) std::sort(t.begin(), t.end());
      cuda::MixedOnlineLse mixed;
      entropic::OnlineLse<float> all_float;  // the former float kernel: t, max and sum in float
      for (double v : t) {
        mixed.push(v);
        all_float.push(static_cast<float>(v));
      }
      // Measured: 2e-8 at most (float exps of t - max, 1e-7 relative each, over 20000 terms).
      EXPECT_NEAR(mixed.log_sum(), exact, 1e-7) << "seed " << seed << (ascending ? " ascending" : "");
      worst_float = std::max(worst_float, std::abs(all_float.log_sum() - exact));
    }
  }
  // What the change is for (the test's contrast): the all-float reduction drifted by up to
  // 2.5e-6 on these rows (|t| ~ 100 rounded to float: 6e-6 per term).
  EXPECT_GT(worst_float, 1e-6);
}

TEST(CudaMath, MixedSoftminHandlesZeroWeightColumnsAndOneTerm) {
  cuda::MixedOnlineLse one;
  one.push(-3.5);
  EXPECT_DOUBLE_EQ(one.log_sum(), -3.5);
  // A zero-weight column's base is clamped to -1e30 by the kernel: it adds nothing.
  cuda::MixedOnlineLse lse;
  lse.push(-1e30);
  lse.push(2.0);
  lse.push(-1e30);
  lse.push(1.0);
  EXPECT_NEAR(lse.log_sum(), std::log(std::exp(2.0) + std::exp(1.0)), 1e-7);
}

}  // namespace
}  // namespace monge
