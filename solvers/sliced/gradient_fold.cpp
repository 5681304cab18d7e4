#include "solvers/sliced/gradient_fold.hpp"

#include <algorithm>

namespace monge {

void GradientFold::begin(int blocks, std::size_t n, float* out) {
  blocks_ = blocks;
  n_ = n;
  out_ = out;
  started_ = 0;
  folded_ = 0;
  folding_ = false;
  slot_.assign(blocks, -1);
  done_.assign(blocks, 0);
  free_.clear();
  for (std::size_t i = 0; i < buffers_.size(); ++i) {
    if (buffers_[i].size() < n) buffers_[i].resize(n);
    free_.push_back(static_cast<int>(i));
  }
}

float* GradientFold::acquire(int b) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++started_;
  if (free_.empty()) {
    buffers_.emplace_back(n_);
    free_.push_back(static_cast<int>(buffers_.size()) - 1);
  }
  slot_[b] = free_.back();
  free_.pop_back();
  return buffers_[slot_[b]].data();
}

void GradientFold::complete(int b) {
  std::unique_lock<std::mutex> lock(mutex_);
  done_[b] = 1;
  if (folding_) return;  // the thread folding now will reach this block if it is next
  folding_ = true;
  // Fold while the next partial in order is complete and blocks remain to be started; the rest
  // are folded by finish(), in parallel.
  while (folded_ < blocks_ && done_[folded_] && started_ < blocks_) {
    const int f = folded_;
    lock.unlock();
    fold_into_out(f, 0, n_);
    lock.lock();
    free_.push_back(slot_[f]);
    ++folded_;
  }
  folding_ = false;
}

void GradientFold::fold_into_out(int b, std::size_t begin, std::size_t end) {
  const float* partial = buffers_[slot_[b]].data();
  if (b == 0) {
    std::copy(partial + begin, partial + end, out_ + begin);
    return;
  }
  for (std::size_t e = begin; e < end; ++e) out_[e] += partial[e];
}

void GradientFold::finish(float scale) {
  // A tile of entries at a time, each inner loop one vectorised stream.
  constexpr long long kTile = 4096;
  const int first = folded_;  // stable: every complete() has returned (the caller's barrier)
  const long long tiles = (static_cast<long long>(n_) + kTile - 1) / kTile;
#pragma omp for schedule(static)
  for (long long tile = 0; tile < tiles; ++tile) {
    const std::size_t begin = static_cast<std::size_t>(tile * kTile);
    const std::size_t end = std::min(n_, begin + static_cast<std::size_t>(kTile));
    for (int b = first; b < blocks_; ++b) fold_into_out(b, begin, end);
    for (std::size_t e = begin; e < end; ++e) out_[e] *= scale;
  }
}

}  // namespace monge
