#pragma once
// Errors a user can act on. InputError carries a message that already names the file, line,
// JSON path or parameter at fault ("scene.json: source.cov: not symmetric positive definite");
// the CLI prints it on one line and exits with code 2, the GUI shows it and stays alive.
#include <stdexcept>
#include <string>

namespace monge {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A numerical failure during a solve (a step size that blows up, a NaN in the state).
struct SolverError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace monge
