#pragma once
// Is there a CUDA device this process can use? Asked once per process (solvers/backend caches it).
#include <string>

namespace monge::cuda {

struct DeviceInfo {
  bool usable = false;
  std::string name;    // e.g. "NVIDIA H200" (usable only)
  std::string reason;  // why not usable, e.g. "no CUDA device (CUDA driver version is insufficient ...)"
};

DeviceInfo query_device();

}  // namespace monge::cuda
