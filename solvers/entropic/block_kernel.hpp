#pragma once
// Internal to solvers/entropic: the tiled log-sum-exp kernels of the online mode, for the squared
// Euclidean cost in d = 1, 2, 3, over the kept blocks of two clustered clouds (cloud_clusters.hpp,
// block_mask.hpp). Plain data in, plain data out: the same code is compiled three times, for
// SSE2, AVX2+FMA and AVX-512 (block_kernel_{sse2,avx2,avx512}.cpp), and block_kernel.cpp picks one
// at run time. docs/entropic.md ("Online mode") has the derivation; in brief:
//
// Block (K, L) pairs the points x_i = c_K + ξ_i of row cluster K with y_j = c_L + η_j of column
// cluster L. With Δ = c_K − c_L, C_ij = |x_i − y_j|² = |Δ + ξ_i − η_j|² splits into a row part, a
// column part and 2ξ_i·η_j, and every term of the half-step sum Σ_j exp((p_i + h_j − C_ij)/ε + logw_j)
// (p_i: a prediction of the result, usually the previous potential) becomes, in log2 units,
//   u_ij = ρ_i + q_j + ξ_i·η̂_j,   ρ_i = α_i − Δ'·ξ_i + κ + Q,   q_j = β_j + Δ'·η_j − Q,
// with α_i = (p_i − |ξ_i|²)/ε·log2e and β_j = ((h_j − |η_j|²)/ε + logw_j)·log2e computed once per
// pass, Δ' = 2Δ log2e/ε, κ = −|Δ|² log2e/ε, Q = max_j(β_j + Δ'·η_j), η̂ = 2η log2e/ε. The large
// terms (p, h, |Δ|² over ε: up to 1e4 at ε = 1e-4) cancel in double per row and per column of a
// block; the float lanes only see the small ones (|ρ|, |q| and ξ·η̂ of order ten where the terms
// matter), so float kernels stay accurate at any ε. A row's sum s_i = Σ_j 2^{u_ij} is ≈ 1 when p_i
// is good; its result is p_i − ε ln s_i. Rows whose s_i leaves [2^-60, 2^120] are redone with the
// shift set by their largest term (kept exact; see block_kernel.cpp).
//
// Determinism: each row is summed by one thread, blocks in the order of `kept`, columns in slot
// order, lanes combined in a fixed pairwise order: results do not depend on the thread count.
#include <cstdint>

namespace monge::entropic {

// Slots per cluster are padded to a multiple of this (the widest float vector).
constexpr int kSlotPad = 16;

// One clustered cloud in the padded slot layout. Cluster c occupies slots [slot[c], slot[c+1]), the
// first count[c] of them real points, the rest padding (local coordinates 0).
struct SlotCloudView {
  int d = 2;
  int clusters = 0;
  int slots = 0;
  const int* slot = nullptr;       // clusters + 1
  const int* count = nullptr;      // clusters
  const double* center = nullptr;  // clusters by d
  const float* local_f = nullptr;  // d by slots (SoA): x − center of its cluster
  const double* local_d = nullptr; // d by slots
};

// Kept blocks in CSR form: row cluster K pairs with column clusters cols[begin[K] .. begin[K+1]).
struct KeptView {
  const int* begin = nullptr;
  const int* cols = nullptr;
};

// Per-pass inputs the kernels share (computed by the caller in slot order, O(N + M)).
struct PassView {
  SlotCloudView rows, cols;
  KeptView kept;
  double eps = 1;
  const double* alpha = nullptr;     // rows.slots: (p_i − |ξ_i|²)/ε·log2e (padding: 0)
  const double* beta = nullptr;      // cols.slots: ((h_j − |η_j|²)/ε + logw_j)·log2e (padding, zero weights: −1e30)
  const float* etahat_f = nullptr;   // d by cols.slots: η·2log2e/ε (float kernels)
  const double* etahat_d = nullptr;  // d by cols.slots (double kernels)
};

// Half-step sums: s[i] = Σ_j 2^{u_ij} over row i's kept blocks, for the row clusters
// [cluster_begin, cluster_end) (every row slot of them, padding included). `single`: float lanes.
// Threads: the caller's (the function itself is serial).
struct SumJob {
  PassView pass;
  bool single = true;
  int cluster_begin = 0, cluster_end = 0;
  double* sum = nullptr;  // rows.slots
};

// Largest u_ij of each row of one row cluster (the fallback's shift), double precision.
struct MaxJob {
  PassView pass;
  int cluster = 0;
  int row = 0;            // slot of the row (inside the cluster)
};

// Plan moments for rows of [cluster_begin, cluster_end): with e_ij = 2^{u_ij}, sum = Σ e,
// cost = Σ e C_ij, h = Σ e h_j, y = Σ e y_j (d columns, row-major slots by d), and argmax the
// column slot of the largest e (−1 if none). Null outputs are skipped. `single`: float lanes
// (chunks widened into double sums), else double.
struct MomentsJob {
  PassView pass;
  bool single = false;
  const double* h = nullptr;  // cols.slots: h_j (for the h moment)
  int cluster_begin = 0, cluster_end = 0;
  double* sum = nullptr;
  double* cost = nullptr;
  double* hsum = nullptr;
  double* y = nullptr;
  int* argmax = nullptr;
};

// Plan mass of every kept block of the row clusters [cluster_begin, cluster_end):
// mass[b] = Σ_{i∈K} w_i Σ_{j∈L} 2^{u_ij} for b = (K, L) in the kept CSR (float lanes). With the
// prediction p = f and h = g, logw = log b, w = a: the plan's mass on the block.
struct BlockSumJob {
  PassView pass;
  const double* w = nullptr;  // rows.slots
  int cluster_begin = 0, cluster_end = 0;
  double* mass = nullptr;     // one per kept block (CSR order)
};

// One implementation of the kernels, for one instruction set.
struct KernelTable {
  const char* name;  // "sse2", "avx2", "avx512"
  void (*sums)(const SumJob&);
  double (*row_max)(const MaxJob&);
  void (*moments)(const MomentsJob&);
  void (*block_sums)(const BlockSumJob&);
  // Tight-loop reference: Σ_i 2^{x_i} over n floats (n a multiple of 64), `reps` times, float
  // lanes, the same exp2 as the kernels. bench/exp_throughput.cpp times it: the bound.
  double (*exp2_sum)(const float* x, int n, int reps);
};

// The fastest table this CPU runs (or the one named by set_kernel_isa).
const KernelTable& kernel_table();
// Forces "sse2", "avx2" or "avx512" (for benchmarks and tests; false if this CPU or build lacks
// it), or "" for the automatic choice.
bool set_kernel_isa(const char* name);
// The tables built into this binary that this CPU can run, fastest last (null-terminated list).
const KernelTable* const* available_kernel_tables();

}  // namespace monge::entropic
