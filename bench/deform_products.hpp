#pragma once
// The matrix products of one RK4 stage of a mesh-deformation training iteration (MLP 4-64-64-64-3,
// N points), done by Eigen: the yardstick of issue 18's speed goal. bench/deform_bound.cpp runs it
// with the project's flags, bench/deform_bound_native.cpp with -march=native (AVX-512 and FMA
// here): the physical limit the MLP kernels are held to.
//
// One stage = the field evaluated in the forward pass, and in the backward pass evaluated again
// (the kernels recompute activations rather than store 32 stages of them) plus its
// vector-Jacobian product: per layer (in -> out) the products
//   forward (twice)  Z = A W^T        N by in  times in by out
//   backward         gW = D^T A       out by N times N by in
//                    D' = D W         N by out times out by in   (every layer: the first one's
//                                                                 gives the gradient in x)
// A training iteration has 8 RK4 steps of 4 stages: 32 of these. Tanh, bias and the SW loss are
// not in it (the kernels fuse the first two into the products; the SW loss is timed alone).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace monge::bench {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Layer sizes of the default MLP.
inline std::vector<std::pair<int, int>> mlp_layers() { return {{4, 64}, {64, 64}, {64, 64}, {64, 3}}; }

// Floating-point operations of one stage as listed above (2 per multiply-add).
inline double stage_flops(std::int64_t n) {
  double f = 0;
  for (auto [in, out] : mlp_layers()) f += 2.0 * n * in * out * (2 + 1 + 1);
  return f;
}

// Floating-point operations of one training iteration's MLP work: 32 stages.
inline double iteration_flops(std::int64_t n) { return 32 * stage_flops(n); }

struct StageProducts {
  std::vector<RowMatrix> A, Z, W, D, Dprev, gW;
  explicit StageProducts(int n) {
    for (auto [in, out] : mlp_layers()) {
      A.push_back(RowMatrix::Random(n, in));
      Z.push_back(RowMatrix(n, out));
      W.push_back(RowMatrix::Random(out, in));
      D.push_back(RowMatrix::Random(n, out));
      Dprev.push_back(RowMatrix(n, in));
      gW.push_back(RowMatrix::Zero(out, in));
    }
  }
  void run() {
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t l = 0; l < A.size(); ++l) Z[l].noalias() = A[l] * W[l].transpose();
    for (std::size_t l = 0; l < A.size(); ++l) {
      gW[l].noalias() += D[l].transpose() * A[l];
      Dprev[l].noalias() = D[l] * W[l];
    }
  }
};

// Eigen's products of one stage on N points (Eigen's own OpenMP threads: as many as
// OMP_NUM_THREADS); counters: GFLOP/s and the time of 32 stages (a training iteration).
inline void BM_EigenStageProducts(benchmark::State& st) {
  const int n = static_cast<int>(st.range(0));
  StageProducts p(n);
  p.run();
  for (auto _ : st) {
    p.run();
    benchmark::ClobberMemory();
  }
  st.counters["gflops"] = benchmark::Counter(stage_flops(n) * static_cast<double>(st.iterations()) / 1e9,
                                             benchmark::Counter::kIsRate);
  st.counters["vertices"] = n;
}

}  // namespace monge::bench

namespace monge::bench {

// Eigen's best case among those shapes: the 64 x 64 hidden layer on chunks of 128 rows that stay
// in cache, one thread (a core's peak for this product; x 2 cores is the strictest bound).
inline void BM_EigenPeakProduct(benchmark::State& st) {
  const int n = 128 * 80;
  RowMatrix A = RowMatrix::Random(n, 64), W = RowMatrix::Random(64, 64), Z(n, 64);
  for (auto _ : st) {
    for (int c = 0; c < n; c += 128) Z.middleRows(c, 128).noalias() = A.middleRows(c, 128) * W.transpose();
    benchmark::ClobberMemory();
  }
  st.counters["gflops"] =
      benchmark::Counter(2.0 * n * 64 * 64 * static_cast<double>(st.iterations()) / 1e9, benchmark::Counter::kIsRate);
}

}  // namespace monge::bench
