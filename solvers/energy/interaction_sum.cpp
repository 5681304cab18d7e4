#include "solvers/energy/interaction_sum.hpp"

#include "base/errors.hpp"

namespace monge {

InteractionMethod parse_interaction_method(const std::string& name, const std::string& what) {
  if (name == "auto") return InteractionMethod::Auto;
  if (name == "exact") return InteractionMethod::Exact;
  if (name == "mesh") return InteractionMethod::Mesh;
  throw InputError(what + ": unknown interaction method \"" + name + "\" (expected auto, exact or mesh)");
}

const char* interaction_method_name(InteractionMethod m) {
  switch (m) {
    case InteractionMethod::Auto: return "auto";
    case InteractionMethod::Exact: return "exact";
    case InteractionMethod::Mesh: return "mesh";
  }
  return "?";
}

InteractionSum::InteractionSum(InteractionOptions options) : options_(std::move(options)) {
  options_.kernel.validate("interaction");
  if (options_.method != InteractionMethod::Exact) mesh_ = std::make_unique<InteractionMesh>(options_.mesh_cells);
  if (options_.method == InteractionMethod::Mesh && options_.kernel.dim != 2)
    throw InputError("interaction.method: the particle mesh is 2D only; use exact (or auto) in 3D");
}

double InteractionSum::compute(const Points& X, const Eigen::VectorXd& w, std::vector<double>& grad, bool want_energy) {
  const int exact_max = runner_ ? options_.runner_exact_max : options_.exact_max;
  const bool use_mesh = options_.method == InteractionMethod::Mesh ||
                        (options_.method == InteractionMethod::Auto && X.cols() == 2 && X.rows() > exact_max);
  last_ = use_mesh ? InteractionMethod::Mesh : InteractionMethod::Exact;
  if (use_mesh) return mesh_->compute(X, w, options_.kernel, grad, want_energy);
  if (runner_) return runner_->interaction(X, w, options_.kernel, grad, want_energy);
  return interaction_exact(X, w, options_.kernel, grad, want_energy);
}

}  // namespace monge
