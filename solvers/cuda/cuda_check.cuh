#pragma once
// CUDA glue shared by the .cu files: error checks that throw SolverError naming the call (worded
// by cuda_errors.hpp), and a grow-only device buffer (a flow calls with the same sizes every
// step, so it allocates once).
#include <cuda_runtime.h>

#include <cstddef>
#include <string>

#include "base/errors.hpp"
#include "solvers/cuda/cuda_errors.hpp"

namespace monge::cuda {

// Errors after which the context is unusable: every later call of the process fails with them.
inline bool is_sticky(cudaError_t status) {
  switch (status) {
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchFailure:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorAssert:
    case cudaErrorLaunchTimeout:
    case cudaErrorECCUncorrectable:
      return true;
    default:
      return false;
  }
}

inline void check(cudaError_t status, const char* what, bool waited = false) {
  if (status != cudaSuccess)
    throw SolverError(failure_message(what, cudaGetErrorString(status), is_sticky(status), waited));
}

// Checks the last kernel launch: its configuration, and with MONGE_CUDA_SYNC=1 also its run (it
// waits for the kernel, so that a fault is reported under the kernel's name).
inline void check_launch(const char* kernel) {
  check(cudaGetLastError(), kernel);
  if (synchronous_launches()) check(cudaDeviceSynchronize(), kernel, true);
}

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
