#pragma once
// The online Sinkhorn row reductions on the GPU, behind a plain-pointer interface (no Eigen in the
// .cu file). One thread per row i; each block streams the columns in tiles (y_j and base_j in
// shared memory) and keeps the row's online log-sum-exp (entropic::OnlineLse, with
// PlanRowMoments for the moments): O(N + M) memory, C_ij recomputed. Columns are visited in order
// j = 0..M-1 by every row, so a run is deterministic.
#include <memory>

namespace monge::cuda {

struct SoftminJob {
  const float* X = nullptr;     // n by d, row-major (host)
  int n = 0;
  const float* Y = nullptr;     // m by d (host)
  int m = 0;
  int d = 0;
  int kind = 0;                 // ground cost, as entropic::ground_cost
  double p = 2.0;
  const double* base = nullptr; // m: h_j/eps + logw_j (host)
  double eps = 1.0;
  bool single = false;          // float exps of t - max, the rest in double (softmin only:
                                // softmin_math.hpp; moments are always double)
  double* out = nullptr;        // n: -eps log sum_j exp(base_j - C_ij/eps) (host)
  // Moments (all set, or all null for the plain softmin):
  const double* h = nullptr;    // m (host)
  double* mean_cost = nullptr;  // n (host)
  double* mean_h = nullptr;     // n (host)
  float* mean_y = nullptr;      // n by d (host)
  int* argmax = nullptr;        // n (host)
};

class SoftminDevice {
 public:
  SoftminDevice();
  ~SoftminDevice();
  SoftminDevice(const SoftminDevice&) = delete;
  SoftminDevice& operator=(const SoftminDevice&) = delete;
  // Throws SolverError on a CUDA failure.
  void run(const SoftminJob& job);

 private:
  struct Buffers;
  std::unique_ptr<Buffers> buffers_;
};

}  // namespace monge::cuda
