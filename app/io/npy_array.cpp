// Reading .npy arrays of any float or integer dtype into a table of float32 numbers, and the
// header NumPy writes. Sections: the header dict, element conversion, the table, the writer.
#include "app/io/npy_array.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "app/io/number_table.hpp"
#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"

namespace monge {
namespace {

static_assert(std::endian::native == std::endian::little, ".npy reading and writing assume a little-endian machine");

// ---- the header dict ---------------------------------------------------------------------------

std::string_view strip(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The text after `'key':` in the header dict, or fail naming the key.
std::string_view header_value(std::string_view header, std::string_view key, const std::string& file) {
  for (const char quote : {'\'', '"'}) {
    const std::string quoted_key = std::string(1, quote) + std::string(key) + quote;
    auto at = header.find(quoted_key);
    if (at == std::string_view::npos) continue;
    at = header.find_first_not_of(" ", at + quoted_key.size());
    if (at == std::string_view::npos || header[at] != ':') break;
    return strip(header.substr(at + 1));
  }
  throw InputError(file + ": malformed .npy header: no '" + std::string(key) + "' in " + quote_bytes(header, 80));
}

// ---- element conversion ------------------------------------------------------------------------

enum class Kind { Float, Signed, Unsigned, Bool };

struct Dtype {
  Kind kind = Kind::Float;
  std::size_t size = 4;
  bool swap = false;  // big-endian data on this little-endian machine
};

// '<f4', '>i8', '|u1', '|b1', '=f8': byte order, kind, item size.
Dtype parse_dtype(std::string_view descr, const std::string& file) {
  const std::string shown = quote_bytes(descr);
  if (descr.size() < 2) throw InputError(file + ": malformed .npy dtype " + shown);
  Dtype d;
  const char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=')
    throw InputError(file + ": malformed .npy dtype " + shown + " (no byte order)");
  const char kind = descr[1];
  std::size_t size = 0;
  const auto [end, ec] = std::from_chars(descr.data() + 2, descr.data() + descr.size(), size);
  if (ec != std::errc() || end != descr.data() + descr.size())
    throw InputError(file + ": malformed .npy dtype " + shown);
  d.size = size;
  d.swap = order == '>' && size > 1;
  const auto unsupported = [&](const std::string& why) {
    return InputError(file + ": unsupported dtype " + shown + " (" + why + "; monge reads float16/32/64, integers and booleans)");
  };
  switch (kind) {
    case 'f':
      d.kind = Kind::Float;
      if (size == 16) throw unsupported("float128 is not portable: save a.astype(np.float64)");
      if (size != 2 && size != 4 && size != 8) throw unsupported("no such float size");
      break;
    case 'i': case 'u':
      d.kind = kind == 'i' ? Kind::Signed : Kind::Unsigned;
      if (size != 1 && size != 2 && size != 4 && size != 8) throw unsupported("no such integer size");
      break;
    case 'b':
      d.kind = Kind::Bool;
      if (size != 1) throw unsupported("no such boolean size");
      break;
    case 'c': throw unsupported("complex numbers");
    case 'U': case 'S': throw unsupported("strings");
    case 'O': throw unsupported("Python objects");
    case 'M': case 'm': throw unsupported("dates and times");
    default: throw unsupported("unknown kind");
  }
  return d;
}

double half_to_double(std::uint16_t h) {
  const int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  const double sign = (h & 0x8000) ? -1.0 : 1.0;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);  // zero and subnormals
  if (exponent == 31) return mantissa ? std::nan("") : sign * INFINITY;
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

double element(const unsigned char* raw, const Dtype& d) {
  unsigned char b[8];
  for (std::size_t k = 0; k < d.size; ++k) b[k] = raw[d.swap ? d.size - 1 - k : k];
  const auto as = [&b](auto v) {
    std::memcpy(&v, b, sizeof v);
    return static_cast<double>(v);
  };
  switch (d.kind) {
    case Kind::Float:
      if (d.size == 2) {
        std::uint16_t h;
        std::memcpy(&h, b, 2);
        return half_to_double(h);
      }
      return d.size == 4 ? as(float{}) : as(double{});
    case Kind::Signed:
      return d.size == 1 ? as(std::int8_t{}) : d.size == 2 ? as(std::int16_t{}) : d.size == 4 ? as(std::int32_t{}) : as(std::int64_t{});
    case Kind::Unsigned:
      return d.size == 1 ? as(std::uint8_t{}) : d.size == 2 ? as(std::uint16_t{}) : d.size == 4 ? as(std::uint32_t{}) : as(std::uint64_t{});
    case Kind::Bool:
      return b[0] != 0 ? 1.0 : 0.0;
  }
  return 0.0;
}

std::vector<long long> parse_shape(std::string_view shape, const std::string& file) {
  const auto malformed = [&] { return InputError(file + ": malformed .npy shape " + quote_bytes(shape)); };
  if (shape.empty() || shape.front() != '(') throw malformed();
  const auto close = shape.find(')');
  if (close == std::string_view::npos) throw malformed();
  std::string_view inside = shape.substr(1, close - 1);
  std::vector<long long> dims;
  while (!inside.empty()) {
    const auto comma = inside.find(',');
    const std::string_view field = strip(inside.substr(0, comma));
    inside = comma == std::string_view::npos ? std::string_view{} : inside.substr(comma + 1);
    if (field.empty()) {
      if (comma == std::string_view::npos || !strip(inside).empty()) throw malformed();  // only "(5,)" ends so
      break;
    }
    long long n = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), n);
    if (ec != std::errc() || end != field.data() + field.size() || n < 0) throw malformed();
    dims.push_back(n);
    if (dims.size() > 32) throw malformed();  // NumPy's limit
  }
  return dims;
}

}  // namespace

// ---- the table -----------------------------------------------------------------------------------

NumberTable parse_npy_table(std::string_view bytes, const std::string& file) {
  if (bytes.size() < 10 || bytes.substr(0, kNpyMagic.size()) != kNpyMagic)
    throw InputError(file + ": not a .npy file: it starts with " + quote_bytes(bytes.substr(0, 10)) +
                     " where NumPy's files start with '\\x93NUMPY'");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8;
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw InputError(file + ": truncated .npy header");
    for (int i = 3; i >= 0; --i) header_len = header_len << 8 | static_cast<unsigned char>(bytes[8 + i]);
    offset = 12;
  } else {
    throw InputError(file + ": unsupported .npy version " + std::to_string(major) + " (NumPy writes 1, 2 and 3)");
  }
  if (bytes.size() - offset < header_len)
    throw InputError(file + ": truncated .npy header (" + std::to_string(header_len) + " bytes promised, " +
                     std::to_string(bytes.size() - offset) + " in the file)");
  const std::string_view header = bytes.substr(offset, header_len);
  offset += header_len;

  std::string_view descr = header_value(header, "descr", file);
  if (!descr.empty() && descr.front() == '[')
    throw InputError(file + ": unsupported dtype: a structured array (" + quote_bytes(descr, 60) +
                     "); save a plain (N, d) array, e.g. np.column_stack of the fields");
  if (descr.empty() || (descr.front() != '\'' && descr.front() != '"'))
    throw InputError(file + ": malformed .npy dtype " + quote_bytes(descr));
  const auto closing = descr.find(descr.front(), 1);
  if (closing == std::string_view::npos) throw InputError(file + ": malformed .npy dtype " + quote_bytes(descr));
  const Dtype dtype = parse_dtype(descr.substr(1, closing - 1), file);

  const std::string_view order = header_value(header, "fortran_order", file);
  bool fortran = false;
  if (order.substr(0, 4) == "True") fortran = true;
  else if (order.substr(0, 5) != "False") throw InputError(file + ": malformed .npy fortran_order " + quote_bytes(order));

  const std::vector<long long> dims = parse_shape(header_value(header, "shape", file), file);
  if (dims.empty()) throw InputError(file + ": a 0-dimensional array (one number); expected shape (N, d) or (N,)");
  if (dims.size() > 2) {
    std::string shape;
    for (std::size_t k = 0; k < dims.size(); ++k) shape += (k ? ", " : "") + std::to_string(dims[k]);
    throw InputError(file + ": expected a 2D array of shape (N, d) (or 1D (N,)), got " + std::to_string(dims.size()) +
                     " dimensions (" + shape + ")" + (dims.size() == 3 ? "; one frame of a trajectory is a[k]" : ""));
  }
  NumberTable t;
  t.file = file;
  t.rows = dims[0];
  t.cols = dims.size() == 2 ? dims[1] : 1;
  if (t.rows > kMaxTableRows)
    throw InputError(file + ": " + std::to_string(t.rows) + " points, more than the " + std::to_string(kMaxTableRows) + " allowed");
  if (t.cols > kMaxTableColumns || t.cols == 0)
    throw InputError(file + ": " + std::to_string(t.cols) + " columns (expected 1 to " + std::to_string(kMaxTableColumns) + ")");
  if (t.rows == 0) throw InputError(file + ": no points (the array is empty)");
  const std::size_t count = static_cast<std::size_t>(t.rows * t.cols);
  if (bytes.size() - offset < count * dtype.size)
    throw InputError(file + ": truncated: the header promises " + std::to_string(count * dtype.size) +
                     " data bytes, the file has " + std::to_string(bytes.size() - offset));
  t.values.resize(count);
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data() + offset);
  for (std::size_t k = 0; k < count; ++k) {
    const double v = element(data + dtype.size * k, dtype);
    // Fortran order stores column by column: element k is (k % rows, k / rows).
    const long long r = fortran ? static_cast<long long>(k) % t.rows : static_cast<long long>(k) / t.cols;
    const long long c = fortran ? static_cast<long long>(k) / t.rows : static_cast<long long>(k) % t.cols;
    if (!std::isfinite(v) || std::abs(v) >= kFloatOverflow)
      throw InputError(file + ": element [" + std::to_string(r) + ", " + std::to_string(c) + "] is " +
                       (std::isfinite(v) ? "out of float32 range" : "not finite"));
    t.values[static_cast<std::size_t>(r * t.cols + c)] = static_cast<float>(v);
  }
  return t;
}

// ---- the writer -------------------------------------------------------------------------------------

std::string npy_header(std::string_view descr, const std::vector<std::size_t>& shape) {
  std::string dims;
  for (std::size_t k = 0; k < shape.size(); ++k) dims += (k ? ", " : "") + std::to_string(shape[k]);
  if (shape.size() == 1) dims += ",";
  std::string header = "{'descr': '" + std::string(descr) + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // NumPy pads the header with spaces and a newline so that the data starts at a multiple of 64.
  const std::size_t unpadded = kNpyMagic.size() + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out(kNpyMagic);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header;
}

}  // namespace monge
