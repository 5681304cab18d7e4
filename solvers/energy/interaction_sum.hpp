#pragma once
// Chooses between the exact O(N^2) interaction sums and the particle mesh, and owns the mesh's
// cached kernels. Auto: exact for N <= exact_max or d = 3, the mesh otherwise (with a runner:
// exact for N <= runner_exact_max).
#include <memory>
#include <string>
#include <vector>

#include "solvers/energy/interaction_exact.hpp"
#include "solvers/energy/interaction_mesh.hpp"
#include "solvers/energy/interaction_runner.hpp"

namespace monge {

enum class InteractionMethod { Auto, Exact, Mesh };
InteractionMethod parse_interaction_method(const std::string& name, const std::string& what);
const char* interaction_method_name(InteractionMethod m);

struct InteractionOptions {
  InteractionKernel kernel;
  InteractionMethod method = InteractionMethod::Auto;
  int mesh_cells = 256;   // M for the particle mesh
  int exact_max = 3000;   // Auto uses the exact sums up to this many particles
  // ... and up to this many when a runner (a GPU) computes them: 200k particles are 4e10 pairs,
  // tens of ms on a data-centre GPU, where the mesh's approximation is no longer worth it.
  int runner_exact_max = 200000;
};

class InteractionSum {
 public:
  explicit InteractionSum(InteractionOptions options);
  // See interaction_exact: grad (N*d) and the energy (when want_energy).
  double compute(const Points& X, const Eigen::VectorXd& w, std::vector<double>& grad, bool want_energy);
  const InteractionOptions& options() const { return options_; }
  // Which method the last compute() used.
  InteractionMethod last_method() const { return last_; }
  // Where the exact sums run (null: CPU threads, interaction_exact).
  void set_runner(std::shared_ptr<InteractionRunner> runner) { runner_ = std::move(runner); }
  const std::shared_ptr<InteractionRunner>& runner() const { return runner_; }

 private:
  InteractionOptions options_;
  std::unique_ptr<InteractionMesh> mesh_;
  InteractionMethod last_ = InteractionMethod::Exact;
  std::shared_ptr<InteractionRunner> runner_;
};

}  // namespace monge
