#include "solvers/energy/interaction_kernel.hpp"

#include "base/errors.hpp"

namespace monge {

void InteractionKernel::validate(const std::string& what) const {
  auto bad = [&](const std::string& field, const std::string& why) { throw InputError(what + "." + field + ": " + why); };
  if (dim != 2 && dim != 3) bad("dim", "kernels are defined for d = 2 or 3");
  switch (kind) {
    case KernelKind::PowerLaw:
      if (!(a > 0) || !std::isfinite(a)) bad("a", "must be positive");
      if (!(b < a) || !(b > -dim)) bad("b", "must satisfy -d < b < a (b = 0 means -log r)");
      break;
    case KernelKind::Morse:
      if (!(la > 0) || !std::isfinite(la)) bad("la", "attraction length must be positive");
      if (!(lr > 0) || !std::isfinite(lr)) bad("lr", "repulsion length must be positive");
      if (!std::isfinite(ca) || !std::isfinite(cr) || ca < 0 || cr < 0) bad("ca", "strengths ca, cr must be finite and >= 0");
      break;
    case KernelKind::Newtonian:
      if (!std::isfinite(strength)) bad("strength", "must be finite");
      break;
  }
}

}  // namespace monge
