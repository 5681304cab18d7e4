#pragma once
// The tables in the fixtures of tests/data/formats (written by make_formats.py), shared by the
// tests that read them: A[i, j] = i + j / 8 (5 x 3, exact in float16 too) and, for integer
// dtypes, B[i, j] = 3 i + j.
#include <filesystem>

#include "solvers/common/types.hpp"

namespace monge::test {

inline const std::filesystem::path kFormatsData = std::filesystem::path(MONGE_TEST_DATA) / "formats";

inline Points table_a() {
  Points a(5, 3);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j) a(i, j) = static_cast<float>(i + j / 8.0);
  return a;
}

inline Points table_b() {
  Points b(5, 3);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j) b(i, j) = static_cast<float>(3 * i + j);
  return b;
}

}  // namespace monge::test
