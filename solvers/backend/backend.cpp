#include "solvers/backend/backend.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "base/errors.hpp"

#ifdef MONGE_HAVE_CUDA
#include "solvers/cuda/cuda_interaction_runner.hpp"
#include "solvers/cuda/cuda_mlp_field.hpp"
#include "solvers/cuda/cuda_projection_runner.hpp"
#include "solvers/cuda/cuda_softmin_runner.hpp"
#include "solvers/cuda/device.hpp"
#endif

namespace monge {

Backend parse_backend(const std::string& name, const std::string& what) {
  for (Backend b : {Backend::Auto, Backend::Cpu, Backend::Cuda})
    if (name == backend_name(b)) return b;
  throw InputError(what + ": expected one of auto, cpu, cuda, got '" + name + "'");
}

const char* backend_name(Backend backend) {
  switch (backend) {
    case Backend::Auto: return "auto";
    case Backend::Cpu: return "cpu";
    case Backend::Cuda: return "cuda";
  }
  return "?";
}

const CudaStatus& cuda_status() {
  static const CudaStatus status = [] {
    CudaStatus s;
#ifdef MONGE_HAVE_CUDA
    s.compiled = true;
    const cuda::DeviceInfo info = cuda::query_device();
    s.usable = info.usable;
    s.device = info.name;
    s.reason = info.reason;
#else
    s.reason = "built without CUDA (nvcc was not found when CMake configured this build)";
#endif
    return s;
  }();
  return status;
}

bool cuda_required() {
  const char* value = std::getenv("MONGE_REQUIRE_CUDA");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

Backend resolve_backend(Backend requested) {
  if (requested == Backend::Cpu) return Backend::Cpu;
  const CudaStatus& s = cuda_status();
  if (s.usable) return Backend::Cuda;
  if (requested == Backend::Cuda || s.compiled) {
    static std::once_flag said;
    std::call_once(said, [&] { std::fprintf(stderr, "monge: CUDA unavailable: %s; running on the CPU\n", s.reason.c_str()); });
  }
  return Backend::Cpu;
}

std::shared_ptr<ProjectionRunner> make_projection_runner(Backend resolved) {
#ifdef MONGE_HAVE_CUDA
  if (resolved == Backend::Cuda && cuda_status().usable)
    return std::make_shared<cuda::CudaProjectionRunner>(cuda_status().device);
#endif
  (void)resolved;
  return nullptr;
}

std::shared_ptr<SoftminRunner> make_softmin_runner(Backend resolved) {
#ifdef MONGE_HAVE_CUDA
  if (resolved == Backend::Cuda && cuda_status().usable)
    return std::make_shared<cuda::CudaSoftminRunner>(cuda_status().device);
#endif
  (void)resolved;
  return nullptr;
}

std::shared_ptr<InteractionRunner> make_interaction_runner(Backend resolved) {
#ifdef MONGE_HAVE_CUDA
  if (resolved == Backend::Cuda && cuda_status().usable)
    return std::make_shared<cuda::CudaInteractionRunner>(cuda_status().device);
#endif
  (void)resolved;
  return nullptr;
}

std::unique_ptr<deform::VelocityField> make_mlp_field(Backend resolved, const deform::MlpOptions& options) {
#ifdef MONGE_HAVE_CUDA
  if (resolved == Backend::Cuda && cuda_status().usable) return std::make_unique<cuda::CudaMlpField>(options);
#endif
  (void)resolved;
  return std::make_unique<deform::MlpField>(options);
}

}  // namespace monge
