#pragma once
// CUDA glue shared by the .cu files: error checks that throw SolverError naming the call, and a
// grow-only device buffer (a flow calls with the same sizes every step, so it allocates once).
#include <cuda_runtime.h>

#include <cstddef>
#include <string>

#include "base/errors.hpp"

namespace monge::cuda {

inline void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess)
    throw SolverError(std::string("CUDA: ") + what + ": " + cudaGetErrorString(status));
}

// Checks the last kernel launch (configuration errors) without synchronising.
inline void check_launch(const char* kernel) { check(cudaGetLastError(), kernel); }

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() { cudaFree(data_); }

  // At least n elements; the contents are not kept when it grows.
  T* reserve(std::size_t n) {
    if (n > capacity_) {
      cudaFree(data_);
      data_ = nullptr;
      capacity_ = 0;
      check(cudaMalloc(reinterpret_cast<void**>(&data_), n * sizeof(T)), "cudaMalloc");
      capacity_ = n;
    }
    return data_;
  }
  T* data() const { return data_; }

 private:
  T* data_ = nullptr;
  std::size_t capacity_ = 0;
};

// Blocks of `threads` covering n items.
inline unsigned blocks_for(long long n, unsigned threads) {
  return static_cast<unsigned>((n + threads - 1) / threads);
}

}  // namespace monge::cuda
