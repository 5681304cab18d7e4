// Point and weight files. Sections: choosing the source and format, .npz members, PLY/OBJ
// vertices, the public loaders, the writers. The parsers live in csv_table.cpp, npy_array.cpp
// and zip_archive.cpp (and solvers/mesh for PLY and OBJ).
#include "app/io/point_file.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <system_error>

#include "app/io/data_format.hpp"
#include "app/io/data_output.hpp"
#include "app/io/input_bytes.hpp"
#include "app/io/npy_array.hpp"
#include "app/io/number_table.hpp"
#include "app/io/zip_archive.hpp"
#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"
#include "solvers/mesh/mesh_io.hpp"

namespace monge {
namespace {

static_assert(kMaxPoints == kMaxTableRows, "one limit for every point source");

// ---- .npz members ----------------------------------------------------------------------------------

// "plan" for the member "plan.npy", as np.load(...).files names it.
std::string array_name(const std::string& member) {
  return member.size() > 4 && member.compare(member.size() - 4, 4, ".npy") == 0 ? member.substr(0, member.size() - 4) : member;
}

std::string list_names(const std::vector<ZipMember>& members) {
  std::string out;
  for (std::size_t k = 0; k < members.size() && k < 10; ++k) out += (k ? ", " : "") + quote_bytes(array_name(members[k].name));
  if (members.size() > 10) out += ", ... (" + std::to_string(members.size()) + " in all)";
  return out;
}

NumberTable read_npz(std::string_view bytes, const std::string& label, const std::string& wanted) {
  const std::vector<ZipMember> members = zip_members(bytes, label);
  if (members.empty()) throw InputError(label + ": the archive holds no arrays");
  const ZipMember* chosen = nullptr;
  if (wanted.empty()) {
    if (members.size() > 1)
      throw InputError(label + ": holds " + std::to_string(members.size()) + " arrays (" + list_names(members) +
                       "): pick one as " + label + ":NAME");
    chosen = &members[0];
  } else {
    for (const auto& m : members)
      if (array_name(m.name) == wanted || m.name == wanted) chosen = &m;
    if (!chosen) throw InputError(label + ": no array " + quote_bytes(wanted) + " (it holds " + list_names(members) + ")");
  }
  return parse_npy_table(zip_member_data(bytes, *chosen, label), label + ":" + escape_bytes(array_name(chosen->name)));
}

// ---- PLY and OBJ vertices -----------------------------------------------------------------------------

mesh::TriangleMesh read_mesh_or_cloud(std::string_view bytes, const std::string& label, DataFormat format) {
  return format == DataFormat::Ply ? mesh::parse_ply(bytes, label, mesh::Faces::Optional)
                                   : mesh::parse_obj(bytes, label, mesh::Faces::Optional);
}

NumberTable vertex_table(const mesh::TriangleMesh& m, const std::string& label) {
  NumberTable t;
  t.file = label;
  t.row_name = "vertex";
  t.rows = m.vertices.rows();
  t.cols = 3;
  if (t.rows == 0) throw InputError(label + ": no points (the file has no vertices)");
  if (t.rows > kMaxTableRows)
    throw InputError(label + ": " + std::to_string(t.rows) + " vertices, more than the " + std::to_string(kMaxTableRows) + " allowed");
  t.values.assign(m.vertices.data(), m.vertices.data() + m.vertices.size());
  return t;
}

// ---- choosing the source and format ---------------------------------------------------------------

NumberTable read_table(std::string_view bytes, const std::string& label, std::string_view extension, const std::string& member) {
  const DataFormat format = detect_format(bytes, extension, label);
  if (!member.empty() && format != DataFormat::Npz)
    throw InputError(label + ":" + escape_bytes(member) + ": ':NAME' picks an array of an .npz archive, but " + label + " is " +
                     data_format_name(format));
  switch (format) {
    case DataFormat::Csv: return parse_csv_table(bytes, label);
    case DataFormat::Npy: return parse_npy_table(bytes, label);
    case DataFormat::Npz: return read_npz(bytes, label, member);
    case DataFormat::Ply:
    case DataFormat::Obj: return vertex_table(read_mesh_or_cloud(bytes, label, format), label);
  }
  throw InputError(label + ": unknown format");
}

NumberTable load_table(const std::filesystem::path& source) {
  const auto [path, member] = split_npz_member(source);
  const InputBytes in = read_input(path);
  return read_table(in.bytes, in.label, in.extension, member);
}

}  // namespace

PointShape load_shape(const std::filesystem::path& source) {
  const auto [path, member] = split_npz_member(source);
  const InputBytes in = read_input(path);
  PointShape shape;
  shape.label = in.label;
  const DataFormat format = detect_format(in.bytes, in.extension, in.label);
  if (member.empty() && (format == DataFormat::Ply || format == DataFormat::Obj)) {
    mesh::TriangleMesh m = read_mesh_or_cloud(in.bytes, in.label, format);
    vertex_table(m, in.label);  // the checks every point source gets (at least one vertex, ...)
    shape.points = std::move(m.vertices);
    shape.faces = std::move(m.faces);
    return shape;
  }
  const NumberTable t = read_table(in.bytes, in.label, in.extension, member);
  shape.points = Eigen::Map<const Points>(t.values.data(), t.rows, t.cols);
  return shape;
}

std::pair<std::filesystem::path, std::string> split_npz_member(const std::filesystem::path& source) {
  const std::string s = source.string();
  const auto colon = s.rfind(':');
  if (colon == std::string::npos) return {source, ""};
  const std::filesystem::path archive = s.substr(0, colon);
  if (lower_extension(archive) != ".npz" && archive.native() != "-") return {source, ""};
  std::error_code ec;
  if (std::filesystem::exists(source, ec)) return {source, ""};
  return {archive, s.substr(colon + 1)};
}

// ---- the public loaders ------------------------------------------------------------------------------

Points parse_points(std::string_view bytes, const std::string& label, std::string_view extension, const std::string& member) {
  const NumberTable t = read_table(bytes, label, extension, member);
  return Eigen::Map<const Points>(t.values.data(), t.rows, t.cols);
}

Points load_points(const std::filesystem::path& source) {
  const NumberTable t = load_table(source);
  return Eigen::Map<const Points>(t.values.data(), t.rows, t.cols);
}

Weights load_weights(const std::filesystem::path& source) {
  const NumberTable t = load_table(source);
  if (t.cols != 1) throw InputError(t.where(0) + ": a weights file has one column, got " + std::to_string(t.cols));
  double total = 0.0;
  for (long long i = 0; i < t.rows; ++i) {
    const float w = t.values[static_cast<std::size_t>(i)];
    if (w < 0.0f) throw InputError(t.where(i) + ": weights must be >= 0, got " + std::to_string(w));
    total += w;
  }
  if (!(total > 0.0)) throw InputError(t.file + ": the weights sum to zero");
  return Eigen::Map<const Weights>(t.values.data(), t.rows);
}

// ---- the writers ---------------------------------------------------------------------------------------

PointFormat output_format(const std::string& path, const std::string& format, const std::string& option) {
  const std::string extension = is_stdout_path(path) ? "" : lower_extension(path);
  const bool csv_name = extension == ".csv" || extension == ".txt", npy_name = extension == ".npy";
  PointFormat chosen = PointFormat::Csv;
  if (format == "csv" || format == "npy") {
    chosen = format == "npy" ? PointFormat::Npy : PointFormat::Csv;
    if ((chosen == PointFormat::Npy && csv_name) || (chosen == PointFormat::Csv && npy_name))
      throw InputError(option + ": " + path + " is named " + extension + " but --format says " + format);
  } else if (!format.empty()) {
    throw InputError("--format: expected csv or npy, got " + quote_bytes(format));
  } else if (npy_name) {
    chosen = PointFormat::Npy;
  } else if (!csv_name && !is_stdout_path(path)) {
    throw InputError(option + ": " + path + ": expected a .csv or .npy file name (or --format csv|npy)");
  }
  if (chosen == PointFormat::Npy && is_stdout_path(path) && ::isatty(STDOUT_FILENO))
    throw InputError(option + ": will not write binary .npy to a terminal; redirect it (> x.npy) or use --format csv");
  return chosen;
}

void save_points(const std::filesystem::path& path, const Points& points, PointFormat format) {
  if (format == PointFormat::Npy) {
    save_points_npy(path, points);
    return;
  }
  DataOutput out(path);
  std::string text;
  char buffer[32];
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    for (Eigen::Index c = 0; c < points.cols(); ++c) {
      if (c) text += ',';
      // Shortest text that reads back to the same float.
      const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, points(i, c));
      text.append(buffer, end);
    }
    text += '\n';
    if (text.size() > (1 << 20)) {  // streamed in 1 MB pieces: standard output sees rows as they come
      out.write(text);
      text.clear();
    }
  }
  out.write(text);
  out.commit();
}

void save_points_csv(const std::filesystem::path& path, const Points& points) { save_points(path, points, PointFormat::Csv); }

void save_npy_f32(const std::filesystem::path& path, const float* data, const std::vector<std::size_t>& shape) {
  std::size_t count = 1;
  for (const std::size_t n : shape) count *= n;
  DataOutput out(path);
  out.write(npy_header("<f4", shape));
  out.write(data, count * sizeof(float));
  out.commit();
}

void save_points_npy(const std::filesystem::path& path, const Points& points) {
  save_npy_f32(path, points.data(), {static_cast<std::size_t>(points.rows()), static_cast<std::size_t>(points.cols())});
}

}  // namespace monge
