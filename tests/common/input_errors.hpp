#pragma once
// Tests of bad input: the message of the InputError a call throws.
#include <gtest/gtest.h>

#include <string>

#include "solvers/common/errors.hpp"

namespace monge::test {

// The InputError message of f(), or "" if it threw none. Any other exception propagates (and
// fails the test).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace monge::test

// Expects `expr` to throw an InputError whose message contains `text`.
#define EXPECT_ERROR_CONTAINS(expr, text)                                                    \
  do {                                                                                       \
    const std::string msg_ = ::monge::test::error_of([&] { (void)(expr); });                 \
    EXPECT_NE(msg_.find(text), std::string::npos) << "message: '" << msg_ << "'";            \
  } while (0)
