// The tiled online kernels (solvers/entropic/block_*) against plain double loops:
// - the vector exp2 (float and double lanes) against std::exp2;
// - half-step softmins in float and double, every instruction set this CPU runs, d = 1, 2, 3,
//   zero weights, a bad prediction (the exact-shift fallback), and bit-identical results at 1
//   and 2 threads;
// - the plan moments (mass, cost, ⟨P, g⟩, barycentric images, heaviest entry);
// - kernel truncation: the dropped-mass bound holds (against the mass actually dropped) and
//   the truncated softmin stays within it.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <string>

#include "solvers/entropic/block_engine.hpp"
#include "solvers/entropic/simd_vec.hpp"
#include "tests/pure/entropic_clouds.hpp"

namespace monge::entropic {
namespace {

Points cloud(int n, int d, std::uint64_t stream, double scale = 1, double shift = 0) {
  return test::uniform_cloud(n, d, 5, stream, scale, shift);
}

Eigen::VectorXd weights(int n, bool with_zeros) {
  Eigen::VectorXd w(n);
  for (int i = 0; i < n; ++i) w[i] = with_zeros && i % 5 == 0 ? 0.0 : 1.0 + i % 3;
  return w / w.sum();
}

double sq(const Points& X, int i, const Points& Y, int j) {
  double s = 0;
  for (int k = 0; k < X.cols(); ++k) {
    const double t = static_cast<double>(X(i, k)) - Y(j, k);
    s += t * t;
  }
  return s;
}

// out_i = −ε log Σ_j w_j exp((h_j − C_ij)/ε), plain double.
Eigen::VectorXd naive_softmin(const Points& X, const Points& Y, const Eigen::VectorXd& w, const Eigen::VectorXd& h,
                              double eps) {
  Eigen::VectorXd out(X.rows());
  for (int i = 0; i < X.rows(); ++i) {
    double mx = -1e300;
    for (int j = 0; j < Y.rows(); ++j)
      if (w[j] > 0) mx = std::max(mx, (h[j] - sq(X, i, Y, j)) / eps + std::log(w[j]));
    double s = 0;
    for (int j = 0; j < Y.rows(); ++j)
      if (w[j] > 0) s += std::exp((h[j] - sq(X, i, Y, j)) / eps + std::log(w[j]) - mx);
    out[i] = -eps * (mx + std::log(s));
  }
  return out;
}

std::vector<std::string> isas() {
  std::vector<std::string> names;
  for (const KernelTable* const* t = available_kernel_tables(); *t; ++t) names.push_back((*t)->name);
  return names;
}

struct IsaGuard {
  ~IsaGuard() { set_kernel_isa(""); }
};

TEST(EntropicBlockKernel, Exp2MatchesStdExp2) {
  using simd::V;
  double worst_f = 0, worst_d = 0;
  for (double x = -120; x <= 120; x += 0.0137) {
    V<float, 16> vf = simd::splat<float, 16>(static_cast<float>(x));
    V<double, 16> vd = simd::splat<double, 16>(x);
    const double ef = simd::exp2<16>(vf)[0], ed = simd::exp2<16>(vd)[0];
    worst_f = std::max(worst_f, std::abs(ef / std::exp2(static_cast<double>(static_cast<float>(x))) - 1));
    worst_d = std::max(worst_d, std::abs(ed / std::exp2(x) - 1));
  }
  EXPECT_LT(worst_f, 2.5e-7);
  EXPECT_LT(worst_d, 4e-16);
  // Clamped below: a tiny positive number, never 0, a denormal or garbage bits.
  EXPECT_EQ(simd::exp2<16>(simd::splat<float, 16>(-1e30f))[0], std::exp2(-125.0f));
  EXPECT_EQ(simd::exp2<16>(simd::splat<float, 16>(-INFINITY))[0], std::exp2(-125.0f));
  EXPECT_EQ(simd::exp2<16>(simd::splat<double, 16>(-1e300))[0], std::exp2(-1021.0));
  EXPECT_EQ(simd::exp2<16>(simd::splat<float, 16>(0.0f))[0], 1.0f);
}

TEST(EntropicBlockKernel, SoftminMatchesPlainLoopsOnEveryInstructionSet) {
  IsaGuard guard;
  for (int d = 1; d <= 3; ++d) {
    const Points X = cloud(150, d, 1), Y = cloud(130, d, 2, 1.2, -0.1);
    const Eigen::VectorXd a = weights(150, false), b = weights(130, true);
    const double eps = 0.003;
    const ClusteredCloud CX = cluster_cloud(X, a, 0.08), CY = cluster_cloud(Y, b, 0.1);
    ASSERT_GT(CX.clusters, 3);
    const KeptBlocks all = all_blocks(CX, CY);
    Eigen::VectorXd h(130);
    for (int j = 0; j < 130; ++j) h[j] = 0.05 * std::sin(j);
    const Eigen::VectorXd ref = naive_softmin(X, Y, b, h, eps);
    const BlockSide side(CX, CY, b);
    for (const std::string& isa : isas()) {
      ASSERT_TRUE(set_kernel_isa(isa.c_str()));
      for (const bool single : {false, true}) {
        // pred: a good guess (the result shifted) and a poor one (zero: sums far from 1).
        for (const bool good : {true, false}) {
          SCOPED_TRACE("d = " + std::to_string(d) + " " + isa + (single ? " float" : " double") + (good ? "" : " cold"));
          const Eigen::VectorXd pred = good ? Eigen::VectorXd(ref.array() + 0.3 * eps) : Eigen::VectorXd::Zero(150);
          Eigen::VectorXd out;
          long long entries = 0;
          side.softmin(all.by_rows(), h, pred, eps, single, out, &entries);
          EXPECT_EQ(entries, 150LL * 130);
          EXPECT_LT((out - ref).lpNorm<Eigen::Infinity>(), (single ? 2e-6 : 1e-12) * eps);
        }
      }
    }
  }
}

TEST(EntropicBlockKernel, ResultsDoNotDependOnTheThreadCount) {
  // 1.1M entries: above the size where the passes go parallel.
  const Points X = cloud(1100, 2, 3), Y = cloud(1000, 2, 4);
  const Eigen::VectorXd a = weights(1100, false), b = weights(1000, false);
  const ClusteredCloud CX = cluster_cloud(X, a, 0.15), CY = cluster_cloud(Y, b, 0.15);
  const KeptBlocks all = all_blocks(CX, CY);
  const BlockSide side(CX, CY, b);
  const Eigen::VectorXd h = Eigen::VectorXd::Zero(1000), pred = Eigen::VectorXd::Zero(1100);
  const int threads = omp_get_max_threads();
  Eigen::VectorXd out[2];
  BlockSide::Moments m[2];
  for (int t = 0; t < 2; ++t) {
    omp_set_num_threads(t + 1);
    side.softmin(all.by_rows(), h, pred, 0.01, true, out[t]);
    side.moments(all.by_rows(), out[t], h, 0.01, false, true, true, m[t]);
  }
  omp_set_num_threads(threads);
  EXPECT_EQ(out[0], out[1]);
  EXPECT_EQ(m[0].mass, m[1].mass);
  EXPECT_EQ(m[0].cost, m[1].cost);
  EXPECT_EQ(m[0].images, m[1].images);
}

TEST(EntropicBlockKernel, MomentsMatchPlainLoops) {
  const Points X = cloud(120, 2, 5), Y = cloud(140, 2, 6, 0.8, 0.3);
  const Eigen::VectorXd a = weights(120, false), b = weights(140, true);
  const double eps = 0.01;
  const ClusteredCloud CX = cluster_cloud(X, a, 0.1), CY = cluster_cloud(Y, b, 0.1);
  const KeptBlocks all = all_blocks(CX, CY);
  Eigen::VectorXd g(140);
  for (int j = 0; j < 140; ++j) g[j] = 0.02 * std::cos(3.0 * j);
  const Eigen::VectorXd f = naive_softmin(X, Y, b, g, eps).array() - 0.01;  // row masses e^{-1}
  BlockSide::Moments m;
  BlockSide(CX, CY, b).moments(all.by_rows(), f, g, eps, false, true, true, m);
  for (int i = 0; i < 120; ++i) {
    double s = 0, c = 0, gs = 0, y0 = 0, y1 = 0, top = -1;
    int arg = -1;
    for (int j = 0; j < 140; ++j) {
      const double e = b[j] * std::exp((f[i] + g[j] - sq(X, i, Y, j)) / eps);
      s += e;
      c += e * sq(X, i, Y, j);
      gs += e * g[j];
      y0 += e * Y(j, 0);
      y1 += e * Y(j, 1);
      if (e > top) top = e, arg = j;
    }
    ASSERT_NEAR(m.mass[i], s, 1e-12 * s);
    EXPECT_NEAR(s, std::exp(-1.0), 1e-9);
    EXPECT_NEAR(m.cost[i], c, 1e-12 * s);
    EXPECT_NEAR(m.gsum[i], gs, 1e-12 * s);
    EXPECT_NEAR(m.images(i, 0), y0 / s, 1e-6);
    EXPECT_NEAR(m.images(i, 1), y1 / s, 1e-6);
    EXPECT_EQ(m.argmax[i], arg);
  }
}

// Potentials that balance the plan well enough for the bounds to matter: a few log-domain
// iterations in plain double.
void rough_potentials(const Points& X, const Eigen::VectorXd& a, const Points& Y, const Eigen::VectorXd& b,
                      double eps, Eigen::VectorXd& f, Eigen::VectorXd& g) {
  g = Eigen::VectorXd::Zero(Y.rows());
  for (int it = 0; it < 20; ++it) {
    f = naive_softmin(X, Y, b, g, eps);
    g = naive_softmin(Y, X, a, f, eps);
  }
}

TEST(EntropicBlockKernel, TruncationBoundsTheDroppedMass) {
  const Points X = cloud(320, 2, 7), Y = cloud(300, 2, 8);
  const Eigen::VectorXd a = weights(320, false), b = weights(300, false);
  const double eps = 0.002;
  Eigen::VectorXd f, g;
  rough_potentials(X, a, Y, b, eps, f, g);
  const ClusteredCloud CX = cluster_cloud(X, a, 0.04), CY = cluster_cloud(Y, b, 0.04);
  for (const double delta : {1e-3, 1e-8}) {
    SCOPED_TRACE(delta);
    DroppedBounds bounds;
    const KeptBlocks kept = truncated_blocks(CX, CY, f, g, a, b, eps, delta, bounds);
    EXPECT_LT(kept.kept_entries, 320LL * 300 / 2);  // truncation keeps well under half here
    // The plan mass actually outside the kept blocks.
    std::vector<char> keep(static_cast<std::size_t>(CX.clusters) * CY.clusters, 0);
    for (int K = 0; K < CX.clusters; ++K)
      for (int p = kept.row_begin[K]; p < kept.row_begin[K + 1]; ++p) keep[static_cast<std::size_t>(K) * CY.clusters + kept.row_cols[p]] = 1;
    auto cluster_of = [](const ClusteredCloud& c, int i) {
      return static_cast<int>(std::upper_bound(c.slot.begin(), c.slot.end(), c.slot_of[i]) - c.slot.begin()) - 1;
    };
    double dropped = 0, dropped_cost = 0;
    for (int i = 0; i < 320; ++i)
      for (int j = 0; j < 300; ++j)
        if (!keep[static_cast<std::size_t>(cluster_of(CX, i)) * CY.clusters + cluster_of(CY, j)]) {
          const double p = a[i] * b[j] * std::exp((f[i] + g[j] - sq(X, i, Y, j)) / eps);
          dropped += p;
          dropped_cost += p * sq(X, i, Y, j);
        }
    EXPECT_LE(dropped, bounds.mass);
    EXPECT_LE(dropped_cost, bounds.cost);
    EXPECT_LE(bounds.mass, delta);
    EXPECT_TRUE(bounds.within);
    const DroppedBounds again = dropped_bounds(kept, CX, CY, f, g, a, b, eps, delta);
    EXPECT_NEAR(again.mass, bounds.mass, 1e-12 + 1e-9 * bounds.mass);
    EXPECT_TRUE(again.within);
    // The truncated half-step moves each potential by at most −ε log(1 − δ) ≈ ε δ (relative loss
    // per row cluster ≤ δ; a row's share may be larger, so allow the cluster's worst case).
    Eigen::VectorXd full, part;
    const BlockSide side(CX, CY, b);
    side.softmin(all_blocks(CX, CY).by_rows(), g, f, eps, false, full);
    side.softmin(kept.by_rows(), g, f, eps, false, part);
    const Eigen::ArrayXd moved = (part - full).array();
    EXPECT_GE(moved.minCoeff(), -1e-12);  // fewer terms: the softmin can only rise
    EXPECT_LT((moved * a.array()).sum() / eps, 2 * delta);
  }
}

}  // namespace
}  // namespace monge::entropic
