#pragma once
// Point and weight files: CSV (one point per row, d columns, '#' comments, an optional header
// line) and NumPy .npy (float32 or float64, shape N x d, or N for weights).
// Errors name the file and the line ("x.csv:17: expected 3 columns, got 2").
#include <filesystem>
#include <vector>

#include "solvers/common/types.hpp"

namespace monge {

// The most points any loader or sampler accepts: beyond this a typo (10^9) would exhaust memory.
constexpr long long kMaxPoints = 50'000'000;

// N by d points. Throws InputError on a missing, empty or malformed file, a NaN or infinity.
Points load_points(const std::filesystem::path& path);
// N weights: one column of CSV or a 1D (or N x 1) .npy. Non-negative, finite, positive sum.
Weights load_weights(const std::filesystem::path& path);
// Write N by d points as CSV with full float precision.
void save_points_csv(const std::filesystem::path& path, const Points& points);
// Write a float32 C-order .npy of any shape (e.g. frames x N x d).
void save_npy_f32(const std::filesystem::path& path, const float* data, const std::vector<std::size_t>& shape);
// Write N by d points as float32 .npy.
void save_points_npy(const std::filesystem::path& path, const Points& points);

}  // namespace monge
