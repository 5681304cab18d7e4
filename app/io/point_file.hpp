#pragma once
// Point and weight files, read from a path, from standard input ("-"), or from one array of an
// .npz archive ("runs.npz:final"). The format is chosen by content and extension together
// (data_format.hpp); every error names the source and the line, row or array at fault:
//   "x.csv:17: expected 3 columns, got 2", "r.npz:final: element [4, 1] is not finite".
//
// Formats read (docs/formats.md):
//   CSV    one point per line; fields split on ';' if the line has one, else ',', else tabs, else
//          spaces; '#' comments and blank lines skipped; a UTF-8 byte-order mark skipped. The first
//          line is a header when a field is not a number token (1e400 is a number too large, an
//          error, never a header) or when its first field is empty (pandas' to_csv and R's
//          write.csv index column, then dropped from every row). An empty field is an error (pandas
//          writes NaN so).
//   .npy   any float (16, 32, 64 bit) or integer or boolean dtype, either byte order, C or Fortran
//          order, shape (N, d) or (N,); versions 1 to 3.
//   .npz   np.savez and np.savez_compressed archives; "file.npz:NAME" picks the array NAME, and an
//          archive of one array needs no name.
//   PLY    the x, y, z of the vertex element (ASCII or binary); faces optional (point clouds).
//   OBJ    the `v x y z` lines; faces optional.
// Values are float32: NaN, infinities and numbers beyond float32's range are errors.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "solvers/common/types.hpp"

namespace monge {

// The most points any loader or sampler accepts: beyond this a typo (10^9) would exhaust memory.
constexpr long long kMaxPoints = 50'000'000;

// N by d points. Throws InputError on a missing, empty or malformed source, a NaN or infinity.
Points load_points(const std::filesystem::path& source);
// N weights: one column (a 1D or N x 1 array). Non-negative, finite, positive sum.
Weights load_weights(const std::filesystem::path& source);
// The same on bytes in memory (the fuzz targets use it). `label` names the source in errors;
// `extension` (".csv", or "" when unknown) joins the content in choosing the format; `member`
// picks an .npz array ("" when there is one).
Points parse_points(std::string_view bytes, const std::string& label, std::string_view extension,
                    const std::string& member = "");

// A point file, or a mesh when the source is a PLY or OBJ file with faces (for `monge show`,
// which draws a mesh as a surface). Errors as load_points.
struct PointShape {
  Points points;                    // N by d (V by 3 for a mesh)
  std::vector<std::int32_t> faces;  // 3F vertex indices, empty for a point cloud
  std::string label;                // how errors name the source
};
PointShape load_shape(const std::filesystem::path& source);

// "runs.npz:final" -> {"runs.npz", "final"}; anything else -> {source, ""}. A path that exists as
// it is named is never split.
std::pair<std::filesystem::path, std::string> split_npz_member(const std::filesystem::path& source);

// Formats written: CSV (shortest text that reads back to the same float) and float32 .npy.
enum class PointFormat { Csv, Npy };
// The format to write `path` in: `format` ("csv" or "npy"), or "" to go by the extension (.csv,
// .txt, .npy; CSV for "-", standard output). InputError naming `option` for an unknown format, an
// extension that contradicts it, or binary .npy bound for a terminal.
PointFormat output_format(const std::string& path, const std::string& format, const std::string& option);
// Write N by d points to `path` ("-": standard output), the file atomically (base/atomic_file.hpp).
void save_points(const std::filesystem::path& path, const Points& points, PointFormat format);
void save_points_csv(const std::filesystem::path& path, const Points& points);
void save_points_npy(const std::filesystem::path& path, const Points& points);
// Write a float32 C-order .npy of any shape (e.g. frames x N x d).
void save_npy_f32(const std::filesystem::path& path, const float* data, const std::vector<std::size_t>& shape);

}  // namespace monge
