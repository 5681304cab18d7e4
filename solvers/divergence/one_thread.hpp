#pragma once
// Runs the OpenMP regions started by the calling thread on one thread while the object lives.
//
// Why: the engines the playground borrows (the sliced-Wasserstein gradient, the Sinkhorn
// solver's cost and marginal sums, the MLP's parameter gradient) sum per-thread partial results,
// so their last bits depend on the number of threads; the playground promises the same frames
// for any thread count. Its problems are small (hundreds of points), so it calls them on one
// thread, and keeps its own grid loops parallel with a fixed reduction order.
#include <omp.h>

namespace monge {

class OneThreadScope {
 public:
  OneThreadScope() : saved_(omp_get_max_threads()) { omp_set_num_threads(1); }
  ~OneThreadScope() { omp_set_num_threads(saved_); }
  OneThreadScope(const OneThreadScope&) = delete;
  OneThreadScope& operator=(const OneThreadScope&) = delete;

 private:
  int saved_;
};

}  // namespace monge
