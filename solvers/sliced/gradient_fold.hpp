#pragma once
// The sum of the sliced-Wasserstein engine's block gradients in a fixed order, cheaply at any
// thread count.
//
// The engine cuts its L directions into B fixed blocks; block b adds its directions, in order,
// into a partial gradient P_b of n = N*d floats. The gradient is the left fold
// ((P_0 + P_1) + P_2) + ... element by element: the same bits whichever threads computed the
// blocks and in whatever order they finished. A partial is folded into the output as soon as every
// partial before it is and more blocks remain to be started (while its bytes are still in cache,
// and its buffer is then reused): at 1 or 2 threads only a few buffers live and nothing is read
// back cold. The partials still waiting when the last blocks start are folded by finish(), every
// thread taking a range of the entries (at 16 threads all 16 blocks run at once: all are folded
// there).
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace monge {

class GradientFold {
 public:
  // Starts a fold of `blocks` partials of n floats each into out (n floats, overwritten by
  // finish()). Not thread-safe; call it outside the parallel region. Buffers only grow.
  void begin(int blocks, std::size_t n, float* out);
  // A buffer of n floats for block b's partial (its contents are stale: the block's first
  // direction overwrites it). Thread-safe. Every block b in [0, blocks) asks exactly once.
  float* acquire(int b);
  // Block b's partial is complete. Thread-safe: may fold it, and the complete partials after it,
  // into the output.
  void complete(int b);
  // Folds the partials still waiting and multiplies the result by `scale`. Called by every thread
  // of the parallel region, after a barrier that follows the last complete(); it contains an
  // `omp for` (with its barrier).
  void finish(float scale);

 private:
  // out (+)= partial over entries [begin, end): a copy for the first block, an add for the others.
  void fold_into_out(int b, std::size_t begin, std::size_t end);

  std::mutex mutex_;
  std::deque<std::vector<float>> buffers_;  // grow-only; a deque keeps references stable
  std::vector<int> free_;                   // indices of unused buffers
  std::vector<int> slot_;                   // block -> buffer index, -1 before acquire
  std::vector<char> done_;                  // block complete
  int blocks_ = 0;
  int started_ = 0;                         // blocks that asked for a buffer
  int folded_ = 0;                          // blocks [0, folded_) are in out
  bool folding_ = false;                    // a thread is folding (others leave it the work)
  std::size_t n_ = 0;
  float* out_ = nullptr;
};

}  // namespace monge
