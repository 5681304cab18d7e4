#pragma once
// NumPy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
// a magic "\x93NUMPY", a version, a header (a Python dict literal {'descr': '<f4',
// 'fortran_order': False, 'shape': (N, d), } padded with spaces to a multiple of 64 bytes) and the
// raw array. The reader is in npy_array.cpp (parse_npy_table, number_table.hpp); this header
// holds what writers need.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace monge {

constexpr std::string_view kNpyMagic{"\x93NUMPY", 6};

// The bytes before the data of a C-order array: magic, version 1.0, the header dict for `descr`
// ("<f4", "<f8") and `shape` (e.g. {frames, N, d}), padded as NumPy pads it.
std::string npy_header(std::string_view descr, const std::vector<std::size_t>& shape);

}  // namespace monge
