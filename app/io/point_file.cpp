// Point and weight files. Sections: reading the bytes, CSV, .npy, the public loaders, writers.
#include "app/io/point_file.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {

static_assert(std::endian::native == std::endian::little,
              ".npy reading and writing assume a little-endian machine");

// Doubles from here up round to infinity as float32 (halfway between FLT_MAX and 2^128).
constexpr double kFloatOverflow = 0x1.ffffffp+127;

// Columns beyond this are surely a wrong file (an image dumped as one row, say).
constexpr long long kMaxColumns = 4096;

// A table of numbers read from a file, with where each row came from for error messages.
struct Table {
  std::vector<float> values;  // rows * cols, row-major
  long long rows = 0;
  long long cols = 0;
  std::vector<long long> lines;  // CSV: the 1-based line of each row; empty for .npy
  std::string file;

  // "x.csv:17" for CSV rows, "x.npy: row 16" (0-based, as NumPy counts) otherwise.
  std::string where(long long row) const {
    if (!lines.empty()) return file + ":" + std::to_string(lines[row]);
    return file + ": row " + std::to_string(row);
  }
};

std::string read_all(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(name + ": is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(name + ": cannot open (" + std::strerror(errno) + ")");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(name + ": read error");
  return std::move(buffer).str();
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// ---------------------------------------------------------------------------------------------
// CSV: '#' comments, blank lines skipped, columns split on commas (or semicolons) if the line
// has any, otherwise on runs of spaces and tabs. The first non-comment line may be a header.

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  const bool delimited = line.find_first_of(",;") != std::string_view::npos;
  if (delimited) {
    std::size_t start = 0;
    while (true) {
      const auto end = line.find_first_of(",;", start);
      fields.push_back(trim(line.substr(start, end == std::string_view::npos ? end : end - start)));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  } else {
    std::size_t start = 0;
    while ((start = line.find_first_not_of(" \t", start)) != std::string_view::npos) {
      const auto end = line.find_first_of(" \t", start);
      fields.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
      start = end;
    }
  }
  return fields;
}

bool parse_number(std::string_view field, double& out) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);  // from_chars rejects '+'
  if (field.empty()) return false;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
  return ec == std::errc() && end == field.data() + field.size();
}

Table parse_csv(const std::string& text, const std::string& file) {
  Table t;
  t.file = file;
  bool header_allowed = true;
  long long line_no = 0;
  std::size_t pos = 0;
  std::vector<double> row;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    // Built only for an error message: most lines never need it.
    const auto where = [&] { return file + ":" + std::to_string(line_no); };
    const auto fields = split_fields(line);
    row.assign(fields.size(), 0.0);
    // A header such as "x,y": some field is not a number, none is empty.
    bool numeric = true, any_empty = false;
    for (std::size_t c = 0; c < fields.size(); ++c) {
      any_empty = any_empty || fields[c].empty();
      numeric = parse_number(fields[c], row[c]) && numeric;
    }
    if (!numeric && !any_empty && header_allowed) {
      header_allowed = false;
      continue;
    }
    header_allowed = false;
    if (t.cols == 0) {
      if (static_cast<long long>(fields.size()) > kMaxColumns)
        throw InputError(where() + ": " + std::to_string(fields.size()) + " columns, more than the " +
                         std::to_string(kMaxColumns) + " allowed");
      t.cols = static_cast<long long>(fields.size());
    } else if (static_cast<long long>(fields.size()) != t.cols) {
      throw InputError(where() + ": expected " + std::to_string(t.cols) + " columns, got " +
                       std::to_string(fields.size()));
    }
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const auto column = [c] { return "column " + std::to_string(c + 1); };
      if (fields[c].empty()) throw InputError(where() + ": " + column() + " is empty");
      // Parsed above; on a line with a bad field, find which one it is.
      if (!numeric && !parse_number(fields[c], row[c]))
        throw InputError(where() + ": " + column() + " is not a number: '" + std::string(fields[c]) + "'");
      const double v = row[c];
      if (!std::isfinite(v)) throw InputError(where() + ": " + column() + " is not finite (" + std::string(fields[c]) + ")");
      if (std::abs(v) >= kFloatOverflow)
        throw InputError(where() + ": " + column() + " is out of float32 range (" + std::string(fields[c]) + ")");
      t.values.push_back(static_cast<float>(v));
    }
    if (++t.rows > kMaxPoints)
      throw InputError(where() + ": more than " + std::to_string(kMaxPoints) + " points");
    t.lines.push_back(line_no);
  }
  if (t.rows == 0) throw InputError(file + ": no points (the file has no data lines)");
  return t;
}

// ---------------------------------------------------------------------------------------------
// .npy (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): magic, version,
// header length, a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (N, d), }
// padded with spaces, then the raw array.

constexpr char kNpyMagic[] = "\x93NUMPY";
constexpr std::size_t kNpyMagicSize = 6;

bool is_npy(const std::string& bytes) {
  return bytes.size() >= kNpyMagicSize && std::memcmp(bytes.data(), kNpyMagic, kNpyMagicSize) == 0;
}

// The text after `'key':` in the header dict, or fail.
std::string_view npy_field(std::string_view header, const std::string& key, const std::string& file) {
  const std::string quoted = "'" + key + "'";
  auto at = header.find(quoted);
  if (at == std::string_view::npos) throw InputError(file + ": .npy header has no '" + key + "'");
  at = header.find(':', at + quoted.size());
  if (at == std::string_view::npos) throw InputError(file + ": malformed .npy header");
  return trim(header.substr(at + 1));
}

Table parse_npy(const std::string& bytes, const std::string& file) {
  if (bytes.size() < 10) throw InputError(file + ": truncated .npy header");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw InputError(file + ": truncated .npy header");
    for (int i = 3; i >= 0; --i) header_len = header_len << 8 | static_cast<unsigned char>(bytes[8 + i]);
    offset = 12;
  } else {
    throw InputError(file + ": unsupported .npy version " + std::to_string(major));
  }
  if (bytes.size() < offset + header_len) throw InputError(file + ": truncated .npy header");
  const std::string_view header(bytes.data() + offset, header_len);
  offset += header_len;

  // dtype: little-endian float32 or float64 ('=' and '|' mean native order, little-endian here).
  std::string_view descr = npy_field(header, "descr", file);
  const auto q1 = descr.find('\''), q2 = descr.find('\'', q1 + 1);
  if (q1 != 0 || q2 == std::string_view::npos) throw InputError(file + ": malformed .npy descr");
  descr = descr.substr(1, q2 - 1);
  std::size_t element = 0;
  if (descr == "<f4" || descr == "=f4") element = 4;
  else if (descr == "<f8" || descr == "=f8") element = 8;
  else
    throw InputError(file + ": unsupported dtype '" + std::string(descr) +
                     "' (expected little-endian float32 '<f4' or float64 '<f8')");

  const std::string_view order = npy_field(header, "fortran_order", file);
  bool fortran = false;
  if (order.substr(0, 4) == "True") fortran = true;
  else if (order.substr(0, 5) != "False") throw InputError(file + ": malformed .npy fortran_order");

  std::string_view shape = npy_field(header, "shape", file);
  if (shape.empty() || shape.front() != '(') throw InputError(file + ": malformed .npy shape");
  shape = shape.substr(1, shape.find(')') == std::string_view::npos ? 0 : shape.find(')') - 1);
  std::vector<long long> dims;
  for (const auto field : split_fields(shape)) {
    if (field.empty()) continue;  // the trailing comma of "(5,)"
    long long n = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), n);
    if (ec != std::errc() || end != field.data() + field.size() || n < 0)
      throw InputError(file + ": malformed .npy shape");
    dims.push_back(n);
  }
  if (dims.empty() || dims.size() > 2)
    throw InputError(file + ": expected a 2D array of shape (N, d) (or 1D (N,)), got " +
                     std::to_string(dims.size()) + " dimensions");
  Table t;
  t.file = file;
  t.rows = dims[0];
  t.cols = dims.size() == 2 ? dims[1] : 1;
  if (t.rows > kMaxPoints)
    throw InputError(file + ": " + std::to_string(t.rows) + " points, more than the " +
                     std::to_string(kMaxPoints) + " allowed");
  if (t.cols > kMaxColumns || t.cols == 0)
    throw InputError(file + ": " + std::to_string(t.cols) + " columns (expected 1 to " +
                     std::to_string(kMaxColumns) + ")");
  if (t.rows == 0) throw InputError(file + ": no points (the array is empty)");
  const std::size_t count = static_cast<std::size_t>(t.rows * t.cols);
  if (bytes.size() - offset < count * element)
    throw InputError(file + ": truncated: the header promises " + std::to_string(count * element) +
                     " data bytes, the file has " + std::to_string(bytes.size() - offset));
  t.values.resize(count);
  const char* data = bytes.data() + offset;
  for (std::size_t k = 0; k < count; ++k) {
    double v;
    if (element == 4) {
      float f;
      std::memcpy(&f, data + 4 * k, 4);
      v = f;
    } else {
      std::memcpy(&v, data + 8 * k, 8);
    }
    // Fortran order stores column by column: element k is (k % rows, k / rows).
    const long long r = fortran ? static_cast<long long>(k) % t.rows : static_cast<long long>(k) / t.cols;
    const long long c = fortran ? static_cast<long long>(k) / t.rows : static_cast<long long>(k) % t.cols;
    if (!std::isfinite(v) || std::abs(v) >= kFloatOverflow)
      throw InputError(file + ": element [" + std::to_string(r) + ", " + std::to_string(c) +
                       "] is " + (std::isfinite(v) ? "out of float32 range" : "not finite"));
    t.values[static_cast<std::size_t>(r * t.cols + c)] = static_cast<float>(v);
  }
  return t;
}

Table read_table(const std::filesystem::path& path) {
  const std::string bytes = read_all(path);
  const std::string file = path.string();
  if (bytes.empty()) throw InputError(file + ": empty file");
  return is_npy(bytes) ? parse_npy(bytes, file) : parse_csv(bytes, file);
}

}  // namespace

Points load_points(const std::filesystem::path& path) {
  const Table t = read_table(path);
  return Eigen::Map<const Points>(t.values.data(), t.rows, t.cols);
}

Weights load_weights(const std::filesystem::path& path) {
  const Table t = read_table(path);
  if (t.cols != 1)
    throw InputError(t.where(0) + ": a weights file has one column, got " + std::to_string(t.cols));
  double total = 0.0;
  for (long long i = 0; i < t.rows; ++i) {
    if (t.values[i] < 0.0f)
      throw InputError(t.where(i) + ": weights must be >= 0, got " + std::to_string(t.values[i]));
    total += t.values[i];
  }
  if (!(total > 0.0)) throw InputError(t.file + ": the weights sum to zero");
  return Eigen::Map<const Weights>(t.values.data(), t.rows);
}

void save_points_csv(const std::filesystem::path& path, const Points& points) {
  std::string out;
  out.reserve(static_cast<std::size_t>(points.size()) * 12);
  char buffer[32];
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    for (Eigen::Index c = 0; c < points.cols(); ++c) {
      if (c) out += ',';
      // Shortest text that reads back to the same float.
      const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, points(i, c));
      out.append(buffer, end);
    }
    out += '\n';
  }
  write_file_atomically(path, out);
}

void save_npy_f32(const std::filesystem::path& path, const float* data, const std::vector<std::size_t>& shape) {
  std::string dims;
  std::size_t count = 1;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    dims += (k ? ", " : "") + std::to_string(shape[k]);
    count *= shape[k];
  }
  if (shape.size() == 1) dims += ",";
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  // NumPy pads the header with spaces and a newline so that the data starts at a multiple of 64.
  const std::size_t unpadded = kNpyMagicSize + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out(kNpyMagic, kNpyMagicSize);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char*>(data), count * sizeof(float));
  write_file_atomically(path, out);
}

void save_points_npy(const std::filesystem::path& path, const Points& points) {
  save_npy_f32(path, points.data(), {static_cast<std::size_t>(points.rows()), static_cast<std::size_t>(points.cols())});
}

}  // namespace monge
