#pragma once
// The exact particle sums of the free-energy flows on the GPU (a tiled N-body kernel), behind a
// plain-pointer interface (no Eigen in the .cu file). One thread per particle i; each block
// streams all particles j through shared memory in tiles, in order, and sums in double with the
// MONGE_HD kernel functions of interaction_kernel.hpp and blob.hpp. Energies are summed per row
// on the device and over rows on the host, in index order (deterministic).
#include <memory>
#include <vector>

#include "solvers/energy/interaction_kernel.hpp"

namespace monge::cuda {

struct InteractionJob {
  const float* X = nullptr;    // n by d, row-major (host), d = 1, 2 or 3
  int n = 0;
  int d = 0;
  const double* w = nullptr;   // n weights (host)
  InteractionKernel kernel;
  bool want_energy = false;
  double* grad = nullptr;      // out: n*d, sum_{j != i} w_j grad W(X_i - X_j) (host)
  double energy = 0;           // out: 1/2 sum_{i != j} w_i w_j W(X_i - X_j) if want_energy
};

struct BlobJob {
  const float* X = nullptr;    // n by d (host), d = 1, 2 or 3
  int n = 0;
  int d = 0;
  const double* w = nullptr;   // n weights (host)
  double m = 2, eps = 0.1;     // BlobOptions
  double* velocity = nullptr;  // out: n*d (host), as blob_velocity
  double energy = 0;           // out: U_eps
};

class InteractionDevice {
 public:
  InteractionDevice();
  ~InteractionDevice();
  InteractionDevice(const InteractionDevice&) = delete;
  InteractionDevice& operator=(const InteractionDevice&) = delete;
  // Each throws SolverError on a CUDA failure.
  void interaction(InteractionJob& job);
  void blob(BlobJob& job);

 private:
  struct Buffers;
  std::unique_ptr<Buffers> buffers_;
  std::vector<double> host_rows_;
};

}  // namespace monge::cuda
