#pragma once
// The bytes of an input named on the command line or in a scene: a file, or "-" for standard
// input (python gen.py | monge sw - y.npy). Read whole into memory, with the label errors use.
#include <filesystem>
#include <string>

namespace monge {

struct InputBytes {
  std::string bytes;
  std::string label;      // "x.csv", or "<stdin>"
  std::string extension;  // lower case with the dot (".csv"); "" for standard input or none
};

// The most bytes one input may hold (a 50M x 20 float64 .npy is 8 GB).
constexpr unsigned long long kMaxInputBytes = 8ull << 30;

bool is_stdin_path(const std::filesystem::path& path);  // "-"

// Throws InputError naming the path: missing, unreadable, a folder or a device, larger than
// kMaxInputBytes; for "-": standard input is a terminal, or was read already (one input per run
// can come from it).
InputBytes read_input(const std::filesystem::path& path);

// ".npz" from "x.NPZ" (lower case, with the dot; "" when there is none).
std::string lower_extension(const std::filesystem::path& path);

}  // namespace monge
