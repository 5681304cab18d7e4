#include "solvers/cuda/cuda_errors.hpp"

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace monge::cuda {
namespace {

std::mutex fault_mutex;
std::string first_fault;  // the message of the first sticky failure, or empty

}  // namespace

bool synchronous_launches() {
  const char* value = std::getenv("MONGE_CUDA_SYNC");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

std::string failure_message(const std::string& what, const std::string& error, bool sticky, bool waited) {
  std::string message = "CUDA: " + what + ": " + error;
  const std::lock_guard<std::mutex> lock(fault_mutex);
  if (!first_fault.empty())
    return message + " (the device faulted earlier and cannot be used again by this process: " + first_fault +
           "; rerun, or use --backend cpu)";
  if (!sticky) return message;
  if (!waited) message += " (a kernel launched before this call may have faulted: MONGE_CUDA_SYNC=1 checks each kernel as it ends and names it)";
  first_fault = message;
  return message;
}

void forget_device_fault() {
  const std::lock_guard<std::mutex> lock(fault_mutex);
  first_fault.clear();
}

}  // namespace monge::cuda
