#include "solvers/cuda/device.hpp"

#include <cuda_runtime.h>

namespace monge::cuda {

DeviceInfo query_device() {
  DeviceInfo info;
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    // Without an NVIDIA driver (a machine with no GPU) the runtime reports an "insufficient"
    // driver; say plainly what that means.
    info.reason = status == cudaErrorInsufficientDriver || status == cudaErrorNoDevice
                      ? std::string("no CUDA device (no NVIDIA GPU or driver: ") + cudaGetErrorString(status) + ")"
                  : status != cudaSuccess ? std::string("no CUDA device (") + cudaGetErrorString(status) + ")"
                                          : std::string("no CUDA device (cudaGetDeviceCount found none)");
    cudaGetLastError();  // clear the sticky error so later runtime calls are not poisoned
    return info;
  }
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) {
    info.reason = "CUDA device 0 does not answer (cudaGetDeviceProperties failed)";
    cudaGetLastError();
    return info;
  }
  info.usable = true;
  info.name = prop.name;
  return info;
}

}  // namespace monge::cuda
