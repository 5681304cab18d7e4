#pragma once
// The table of numbers every point-file parser produces (CSV, .npy, .npz members, PLY and OBJ
// vertices), with where each row came from, so that errors found after parsing (a negative
// weight, a column count) still name the file and the line or row. Internal to app/io.
#include <string>
#include <string_view>
#include <vector>

namespace monge {

// The most points any loader or sampler accepts (also in point_file.hpp): beyond this a typo (10^9)
// would exhaust memory.
constexpr long long kMaxTableRows = 50'000'000;
// Columns beyond this are surely a wrong file (an image dumped as one row, say).
constexpr long long kMaxTableColumns = 4096;
// Doubles from here up round to infinity as float32 (halfway between FLT_MAX and 2^128).
constexpr double kFloatOverflow = 0x1.ffffffp+127;

struct NumberTable {
  std::vector<float> values;     // rows * cols, row-major
  long long rows = 0;
  long long cols = 0;
  std::vector<long long> lines;  // text formats: the 1-based line of each row; empty otherwise
  std::string file;              // how errors name the source ("x.csv", "<stdin>", "r.npz:final")
  std::string row_name = "row";  // what a row is called in binary formats ("row", "vertex")

  // "x.csv:17" for text rows, "x.npy: row 16" (0-based, as NumPy counts) otherwise.
  std::string where(long long row) const {
    if (!lines.empty()) return file + ":" + std::to_string(lines[static_cast<std::size_t>(row)]);
    return file + ": " + row_name + " " + std::to_string(row);
  }
};

// CSV text (app/io/csv_table.cpp): rules in point_file.hpp.
NumberTable parse_csv_table(std::string_view text, const std::string& file);
// A .npy array of any float or integer dtype, shape (N, d) or (N,) (app/io/npy_array.cpp).
NumberTable parse_npy_table(std::string_view bytes, const std::string& file);

}  // namespace monge
