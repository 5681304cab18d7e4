#pragma once
// The sliced-Wasserstein projections on the GPU, behind a plain-pointer interface so that the
// .cu file sees no Eigen. One call: project both clouds on all L directions (one kernel), sort all
// L projections of a cloud at once (CUB radix sort on (direction, float key) pairs: a segmented
// sort with the segment in the high bits), match quantiles (sliced_math.hpp, the functions the CPU
// tests cover), and gather the gradient per point in a fixed order (no atomics: the result is the
// same bit for bit on every run).
#include <cstdint>
#include <memory>

namespace monge::cuda {

struct ProjectionJob {
  const float* X = nullptr;   // n by d, row-major (host)
  int n = 0;
  const double* wx = nullptr; // n source probabilities, or null: uniform
  const float* Y = nullptr;   // m by d (host)
  int m = 0;
  const double* wy = nullptr; // m target probabilities, or null: uniform
  int d = 0;
  int p = 2;                  // 1 or 2
  const float* theta = nullptr;  // L by d unit directions (host)
  int L = 0;
  std::uint64_t target_id = 0;   // nonzero: Y and wy are those of the last call with this id
  double* costs = nullptr;       // out: L values W_p^p (host)
  float* grad = nullptr;         // out: n by d, d(mean_l W_l)/dX (host), or null
};

class SlicedDevice {
 public:
  SlicedDevice();
  ~SlicedDevice();
  SlicedDevice(const SlicedDevice&) = delete;
  SlicedDevice& operator=(const SlicedDevice&) = delete;
  // Throws InputError if L*n or L*m exceeds the sort's 2^31 items, SolverError on a CUDA failure.
  void run(const ProjectionJob& job);

 private:
  struct Buffers;
  std::unique_ptr<Buffers> buffers_;
};

}  // namespace monge::cuda
