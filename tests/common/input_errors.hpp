#pragma once
// Tests of bad input and failed output: the message of the InputError (or OutputError) a call throws.
#include <gtest/gtest.h>

#include <string>

#include "base/errors.hpp"

namespace monge::test {

// The InputError or OutputError message of f(), or "" if it threw none. Any other exception
// propagates (and fails the test).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace monge::test

// Expects `expr` to throw an InputError or OutputError whose message contains `text`.
#define EXPECT_ERROR_CONTAINS(expr, text)                                                    \
  do {                                                                                       \
    const std::string msg_ = ::monge::test::error_of([&] { (void)(expr); });                 \
    EXPECT_NE(msg_.find(text), std::string::npos) << "message: '" << msg_ << "'";            \
  } while (0)
