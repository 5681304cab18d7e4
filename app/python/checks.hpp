#pragma once
// Range checks of keyword arguments, with the command line's messages (app/cli/args.cpp) and the
// keyword's name where the CLI names its option: "projections: must be between 1 and 10000000,
// got 0" for `--projections: must be between 1 and 10000000, got 0`. InputError -> ValueError.
#include <string>
#include <utility>

#include "solvers/backend/backend.hpp"

namespace monge::python {

long long integer_in(const std::string& name, long long value, long long min, long long max);
double number_in(const std::string& name, double value, double min, double max);
// (width, height) with sides 1..max_side.
std::pair<int, int> size_in(const std::string& name, std::pair<long long, long long> size, int max_side = 16384);
// "auto", "cpu" or "cuda", as --backend.
Backend backend_in(const std::string& value);

}  // namespace monge::python
