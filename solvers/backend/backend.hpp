#pragma once
// Which hardware runs the solvers. The CPU backend always exists; the CUDA one when the build
// found nvcc (MONGE_HAVE_CUDA) and the process finds a device. Asking for CUDA where it cannot run
// says so once on stderr and runs on the CPU, so scripts and scenes work on every machine.
#include <memory>
#include <string>

#include "solvers/deform/mlp_field.hpp"
#include "solvers/energy/interaction_runner.hpp"
#include "solvers/entropic/softmin_runner.hpp"
#include "solvers/sliced/projection_runner.hpp"

namespace monge {

enum class Backend { Auto, Cpu, Cuda };

// "auto", "cpu", "cuda"; throws InputError("<what>: expected one of auto, cpu, cuda, got '...'").
Backend parse_backend(const std::string& name, const std::string& what);
const char* backend_name(Backend backend);

struct CudaStatus {
  bool compiled = false;  // built with the CUDA backend
  bool usable = false;    // and a device answers
  std::string device;     // e.g. "NVIDIA H200" when usable
  std::string reason;     // why not usable, e.g. "built without CUDA (nvcc not found at configure time)"
};
// Queried once per process, then cached.
const CudaStatus& cuda_status();

// Whether MONGE_REQUIRE_CUDA=1 is set: the GPU tests and benchmarks then fail where they would
// skip without a usable device (scripts/gpu-check sets it, so that a driver problem cannot pass
// for a clean run).
bool cuda_required();

// What `requested` runs on here: Cpu or Cuda. Auto and Cuda give Cuda when usable; otherwise Cpu,
// and the first time CUDA was wanted but cannot run (explicitly, or Auto in a CUDA build), one
// line on stderr says why.
Backend resolve_backend(Backend requested);

// A sliced-Wasserstein projection runner for a resolved backend: nullptr for Cpu (the engine's
// own threads), the GPU runner for Cuda.
std::shared_ptr<ProjectionRunner> make_projection_runner(Backend resolved);

// The online Sinkhorn row reductions (SinkhornOptions::runner): nullptr for Cpu, the GPU runner
// for Cuda.
std::shared_ptr<SoftminRunner> make_softmin_runner(Backend resolved);

// The exact particle interaction and blob sums (ParticleEnergyFlow::set_interaction_runner):
// nullptr for Cpu, the GPU runner for Cuda.
std::shared_ptr<InteractionRunner> make_interaction_runner(Backend resolved);

// The MLP velocity field of the mesh deformation: MlpField for Cpu, CudaMlpField (same theta
// layout and initialisation, results equal up to float summation order) for Cuda. Throws
// InputError for invalid options, as MlpField does.
std::unique_ptr<deform::VelocityField> make_mlp_field(Backend resolved, const deform::MlpOptions& options);

}  // namespace monge
