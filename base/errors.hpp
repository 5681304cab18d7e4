#pragma once
// Errors a user can act on, shared by solvers/, render/ and app/ (this folder is their common base). InputError carries a message that already names the file, line,
// JSON path or parameter at fault ("scene.json: source.cov: not symmetric positive definite");
// the CLI prints it on one line and exits with code 2, the GUI shows it and stays alive.
#include <stdexcept>
#include <string>

namespace monge {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An output that could not be written whole (disk full, folder missing or read-only). The message
// names the path and the operating system's reason ("cannot write out.png: No space left on
// device"); nothing partial is left behind (base/atomic_file.hpp).
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A numerical failure during a solve (a step size that blows up, a NaN in the state).
struct SolverError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A long computation stopped because its caller asked (a cancellation hook returned "stop": Ctrl-C
// in the Python module). Nothing is wrong with the input; the partial result is dropped.
struct Cancelled : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace monge
