// Stanford PLY: header parser, ASCII and binary (both endiannesses) element readers, and the writer.
//
// Index: 1. header types and parsing  2. value readers (ascii / binary)  3. element loop  4. writer
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"
#include "solvers/mesh/mesh_io.hpp"
#include "solvers/mesh/number_text.hpp"

namespace monge::mesh {

namespace {

// ---- 1. header ------------------------------------------------------------------------------

enum class Encoding { Ascii, BinaryLittle, BinaryBig };
enum class Scalar { Int8, UInt8, Int16, UInt16, Int32, UInt32, Float32, Float64 };

int size_of(Scalar type) {
  switch (type) {
    case Scalar::Int8: case Scalar::UInt8: return 1;
    case Scalar::Int16: case Scalar::UInt16: return 2;
    case Scalar::Int32: case Scalar::UInt32: case Scalar::Float32: return 4;
    case Scalar::Float64: return 8;
  }
  return 1;
}
bool is_integer(Scalar type) { return type != Scalar::Float32 && type != Scalar::Float64; }

bool scalar_from_name(std::string_view name, Scalar& type) {
  static const struct { const char* name; Scalar type; } names[] = {
      {"char", Scalar::Int8},     {"int8", Scalar::Int8},     {"uchar", Scalar::UInt8},     {"uint8", Scalar::UInt8},
      {"short", Scalar::Int16},   {"int16", Scalar::Int16},   {"ushort", Scalar::UInt16},   {"uint16", Scalar::UInt16},
      {"int", Scalar::Int32},     {"int32", Scalar::Int32},   {"uint", Scalar::UInt32},     {"uint32", Scalar::UInt32},
      {"float", Scalar::Float32}, {"float32", Scalar::Float32}, {"double", Scalar::Float64}, {"float64", Scalar::Float64}};
  for (const auto& entry : names) {
    if (name == entry.name) {
      type = entry.type;
      return true;
    }
  }
  return false;
}

struct Property {
  std::string name;
  bool is_list = false;
  Scalar count_type = Scalar::UInt8;  // lists only
  Scalar value_type = Scalar::Float32;
};

struct Element {
  std::string name;
  long long count = 0;
  std::vector<Property> properties;
};

struct Header {
  Encoding encoding = Encoding::Ascii;
  std::vector<Element> elements;
  std::size_t data_offset = 0;  // first byte after "end_header\n"
  long long lines = 0;          // header lines, so ASCII data line numbers continue from here
};

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

Header parse_header(std::string_view bytes, const std::string& name) {
  Header header;
  bool format_seen = false;
  std::size_t position = 0;
  for (long long line_number = 1;; ++line_number) {
    const std::size_t newline = bytes.find('\n', position);
    if (newline == std::string_view::npos) throw InputError(name + ": PLY header has no end_header line");
    const std::string_view line = bytes.substr(position, newline - position);
    position = newline + 1;
    const std::string where = name + ":" + std::to_string(line_number) + ": ";
    const std::vector<std::string_view> words = split_words(line);
    if (line_number == 1) {
      if (words.size() != 1 || words[0] != "ply") throw InputError(where + "not a PLY file (first line must be 'ply')");
      continue;
    }
    if (words.empty() || words[0] == "comment" || words[0] == "obj_info") continue;
    if (words[0] == "end_header") {
      if (!format_seen) throw InputError(where + "PLY header has no format line");
      header.data_offset = position;
      header.lines = line_number;
      return header;
    }
    if (words[0] == "format") {
      if (words.size() < 2) throw InputError(where + "format: missing encoding");
      if (words[1] == "ascii") header.encoding = Encoding::Ascii;
      else if (words[1] == "binary_little_endian") header.encoding = Encoding::BinaryLittle;
      else if (words[1] == "binary_big_endian") header.encoding = Encoding::BinaryBig;
      else throw InputError(where + "unknown PLY format " + quote_bytes(words[1]));
      format_seen = true;
    } else if (words[0] == "element") {
      long long count = 0;
      if (words.size() != 3 || !parse_integer(words[2], count) || count < 0) {
        throw InputError(where + "element: expected 'element NAME COUNT' with COUNT >= 0");
      }
      header.elements.push_back(Element{std::string(words[1]), count, {}});
    } else if (words[0] == "property") {
      if (header.elements.empty()) throw InputError(where + "property before any element");
      Property property;
      const bool ok = words.size() == 5 && words[1] == "list"
                          ? (property.is_list = true, scalar_from_name(words[2], property.count_type) &&
                                                          is_integer(property.count_type) &&
                                                          scalar_from_name(words[3], property.value_type))
                          : words.size() == 3 && scalar_from_name(words[1], property.value_type);
      if (!ok) throw InputError(where + "property: expected 'property TYPE NAME' or 'property list COUNT_TYPE TYPE NAME'");
      property.name = std::string(words.back());
      header.elements.back().properties.push_back(property);
    } else {
      throw InputError(where + "unknown PLY header keyword " + quote_bytes(words[0]));
    }
  }
}

// ---- 2. value readers -----------------------------------------------------------------------

// Reads one scalar at a time from the data section. `next` returns false when the data ends or
// a token is not a number of the requested type.
class ValueReader {
 public:
  virtual ~ValueReader() = default;
  virtual bool next(Scalar type, double& value) = 0;
  // Data bytes not read yet (bounds what a header may claim).
  virtual std::size_t remaining() const = 0;
  // " (line N)" for ASCII data, empty for binary.
  virtual std::string where() const = 0;
};

class AsciiReader final : public ValueReader {
 public:
  AsciiReader(std::string_view data, long long first_line) : data_(data), line_(first_line) {}
  bool next(Scalar type, double& value) override {
    while (position_ < data_.size() && is_separator(data_[position_])) {
      if (data_[position_] == '\n') ++line_;
      ++position_;
    }
    const std::size_t start = position_;
    while (position_ < data_.size() && !is_separator(data_[position_])) ++position_;
    if (position_ == start || !parse_number(data_.substr(start, position_ - start), value)) return false;
    return !is_integer(type) || (std::isfinite(value) && value == std::floor(value));
  }
  std::size_t remaining() const override { return data_.size() - position_; }
  std::string where() const override { return " (line " + std::to_string(line_) + ")"; }

 private:
  static bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
  std::string_view data_;
  std::size_t position_ = 0;
  long long line_;
};

class BinaryReader final : public ValueReader {
 public:
  BinaryReader(std::string_view data, bool big_endian) : data_(data), swap_(big_endian) {}
  bool next(Scalar type, double& value) override {
    const auto size = static_cast<std::size_t>(size_of(type));
    if (data_.size() - position_ < size) return false;
    unsigned char raw[8];
    std::memcpy(raw, data_.data() + position_, size);
    position_ += size;
    if (swap_) {
      for (std::size_t i = 0; i < size / 2; ++i) std::swap(raw[i], raw[size - 1 - i]);
    }
    switch (type) {
      case Scalar::Int8: value = static_cast<std::int8_t>(raw[0]); break;
      case Scalar::UInt8: value = raw[0]; break;
      case Scalar::Int16: value = load<std::int16_t>(raw); break;
      case Scalar::UInt16: value = load<std::uint16_t>(raw); break;
      case Scalar::Int32: value = load<std::int32_t>(raw); break;
      case Scalar::UInt32: value = load<std::uint32_t>(raw); break;
      case Scalar::Float32: value = load<float>(raw); break;
      case Scalar::Float64: value = load<double>(raw); break;
    }
    return true;
  }
  std::size_t remaining() const override { return data_.size() - position_; }
  std::string where() const override { return ""; }

 private:
  template <class T>
  static T load(const unsigned char* raw) {
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the PLY reader assumes a little-endian host");
    T value;
    std::memcpy(&value, raw, sizeof(T));
    return value;
  }
  std::string_view data_;
  std::size_t position_ = 0;
  bool swap_;
};

// ---- 3. elements ----------------------------------------------------------------------------

// Fewest data bytes one element can take, to reject headers that claim more than the file holds.
std::size_t minimum_element_bytes(const Element& element, Encoding encoding) {
  std::size_t bytes = 0;
  for (const Property& property : element.properties) {
    // ASCII: each value is at least one character and one separator.
    bytes += encoding == Encoding::Ascii ? 2 : static_cast<std::size_t>(size_of(property.is_list ? property.count_type : property.value_type));
  }
  return bytes;
}

// An element or property name from the file, for a message: escaped and cut short.
std::string shown_name(std::string_view name) {
  return name.size() <= 32 ? escape_bytes(name) : escape_bytes(name.substr(0, 32)) + "...";
}

int find_property(const Element& element, const char* name) {
  for (std::size_t p = 0; p < element.properties.size(); ++p) {
    if (element.properties[p].name == name) return static_cast<int>(p);
  }
  return -1;
}

}  // namespace

TriangleMesh parse_ply(std::string_view bytes, const std::string& name, Faces required) {
  const Header header = parse_header(bytes, name);
  const std::string_view data = bytes.substr(header.data_offset);
  std::unique_ptr<ValueReader> reader;
  if (header.encoding == Encoding::Ascii) reader = std::make_unique<AsciiReader>(data, header.lines + 1);
  else reader = std::make_unique<BinaryReader>(data, header.encoding == Encoding::BinaryBig);

  long long vertex_count = -1;
  for (const Element& element : header.elements) {
    if (element.name != "vertex") continue;
    if (vertex_count >= 0) throw InputError(name + ": PLY has two vertex elements");
    vertex_count = element.count;
    for (const char* axis : {"x", "y", "z"}) {
      const int p = find_property(element, axis);
      if (p < 0 || element.properties[static_cast<std::size_t>(p)].is_list) {
        throw InputError(name + ": vertex element has no scalar property " + axis);
      }
    }
  }
  if (vertex_count < 0) throw InputError(name + ": PLY has no vertex element");
  if (vertex_count > std::numeric_limits<std::int32_t>::max()) throw InputError(name + ": too many vertices");

  TriangleMesh mesh;
  bool face_element_seen = false;
  for (const Element& element : header.elements) {
    if (element.properties.empty() || element.count == 0) continue;  // nothing stored
    const std::size_t minimum = minimum_element_bytes(element, header.encoding);
    // An ASCII element's last value needs no separator after it, hence the + 1.
    const std::size_t available = reader->remaining() + (header.encoding == Encoding::Ascii ? 1 : 0);
    if (static_cast<unsigned long long>(element.count) > available / minimum) {
      throw InputError(name + ": header claims " + std::to_string(element.count) + " " + shown_name(element.name) +
                       " elements but the file holds at most " + std::to_string(available / minimum));
    }
    const bool is_vertex = element.name == "vertex", is_face = element.name == "face";
    int coordinate_property[3] = {-1, -1, -1};
    int index_property = -1;
    if (is_vertex) {
      const char* axes[3] = {"x", "y", "z"};
      for (int k = 0; k < 3; ++k) coordinate_property[k] = find_property(element, axes[k]);
      mesh.vertices.resize(static_cast<Eigen::Index>(element.count), 3);
    }
    if (is_face) {
      face_element_seen = true;
      index_property = find_property(element, "vertex_indices");
      if (index_property < 0) index_property = find_property(element, "vertex_index");
      if (index_property < 0 || !element.properties[static_cast<std::size_t>(index_property)].is_list ||
          !is_integer(element.properties[static_cast<std::size_t>(index_property)].value_type)) {
        throw InputError(name + ": face element has no integer list property vertex_indices");
      }
      mesh.faces.reserve(static_cast<std::size_t>(element.count) * 3);
    }

    std::vector<std::int32_t> corners;
    for (long long e = 0; e < element.count; ++e) {
      auto fail = [&](const std::string& what) {
        return InputError(name + reader->where() + ": " + shown_name(element.name) + " " + std::to_string(e) + ": " + what);
      };
      for (std::size_t p = 0; p < element.properties.size(); ++p) {
        const Property& property = element.properties[p];
        double value = 0;
        if (!property.is_list) {
          if (!reader->next(property.value_type, value)) throw fail("truncated or malformed data in property " + shown_name(property.name));
          if (is_vertex) {
            for (int k = 0; k < 3; ++k) {
              if (coordinate_property[k] != static_cast<int>(p)) continue;
              float single = 0;
              if (!to_finite_float(value, single)) throw fail("non-finite coordinate " + shown_name(property.name));
              mesh.vertices(static_cast<Eigen::Index>(e), k) = single;
            }
          }
          continue;
        }
        double length = 0;
        if (!reader->next(property.count_type, length) || length < 0) {
          throw fail("truncated or malformed list length of " + shown_name(property.name));
        }
        const bool is_index_list = is_face && static_cast<int>(p) == index_property;
        if (is_index_list && length < 3) throw fail("a face needs at least 3 vertices, got " + describe_index(length));
        const std::size_t value_bytes = header.encoding == Encoding::Ascii ? 2 : static_cast<std::size_t>(size_of(property.value_type));
        if (length > static_cast<double>(reader->remaining() / value_bytes + 1)) throw fail("list of " + shown_name(property.name) + " runs past the end of the file");
        corners.clear();
        for (long long k = 0; k < static_cast<long long>(length); ++k) {
          if (!reader->next(property.value_type, value)) throw fail("truncated or malformed data in list " + shown_name(property.name));
          if (!is_index_list) continue;
          if (!(value >= 0 && value < static_cast<double>(vertex_count))) {
            throw fail("vertex index " + describe_index(value) + " out of range (" +
                       std::to_string(vertex_count) + " vertices)");
          }
          corners.push_back(static_cast<std::int32_t>(value));
        }
        // Fan triangulation of the polygon.
        for (std::size_t k = 1; k + 1 < corners.size(); ++k) mesh.faces.insert(mesh.faces.end(), {corners[0], corners[k], corners[k + 1]});
      }
    }
  }
  if ((!face_element_seen || mesh.faces.empty()) && required == Faces::Required)
    throw InputError(name + ": no faces (a PLY mesh needs a face element)");
  if (mesh.vertices.rows() == 0) mesh.vertices.resize(0, 3);  // a vertex element with no vertices
  validate_mesh(mesh, name, required);
  return mesh;
}

// ---- 4. writer ------------------------------------------------------------------------------

namespace {

template <class T>
void append_binary(std::string& out, T value, bool big_endian) {
  unsigned char raw[sizeof(T)];
  std::memcpy(raw, &value, sizeof(T));
  if (big_endian) {
    for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(raw[i], raw[sizeof(T) - 1 - i]);
  }
  out.append(reinterpret_cast<const char*>(raw), sizeof(T));
}

}  // namespace

std::string format_ply(const TriangleMesh& mesh, PlyEncoding encoding) {
  const char* format = encoding == PlyEncoding::Ascii ? "ascii"
                       : encoding == PlyEncoding::BinaryBigEndian ? "binary_big_endian"
                                                                  : "binary_little_endian";
  std::string out = std::string("ply\nformat ") + format + " 1.0\ncomment written by monge\nelement vertex " +
                    std::to_string(mesh.vertex_count()) + "\nproperty float x\nproperty float y\nproperty float z\n" +
                    "element face " + std::to_string(mesh.face_count()) + "\nproperty list uchar int vertex_indices\nend_header\n";
  if (encoding == PlyEncoding::Ascii) {
    for (int i = 0; i < mesh.vertex_count(); ++i) {
      for (int k = 0; k < 3; ++k) {
        append_number(out, mesh.vertices(i, k));
        out += k < 2 ? ' ' : '\n';
      }
    }
    for (int f = 0; f < mesh.face_count(); ++f) {
      out += '3';
      for (int k = 0; k < 3; ++k) {
        out += ' ';
        append_number(out, static_cast<long long>(mesh.faces[3 * static_cast<std::size_t>(f) + static_cast<std::size_t>(k)]));
      }
      out += '\n';
    }
    return out;
  }
  const bool big_endian = encoding == PlyEncoding::BinaryBigEndian;
  out.reserve(out.size() + static_cast<std::size_t>(mesh.vertex_count()) * 12 + static_cast<std::size_t>(mesh.face_count()) * 13);
  for (int i = 0; i < mesh.vertex_count(); ++i) {
    for (int k = 0; k < 3; ++k) append_binary(out, mesh.vertices(i, k), big_endian);
  }
  for (int f = 0; f < mesh.face_count(); ++f) {
    append_binary(out, static_cast<std::uint8_t>(3), big_endian);
    for (int k = 0; k < 3; ++k) append_binary(out, mesh.faces[3 * static_cast<std::size_t>(f) + static_cast<std::size_t>(k)], big_endian);
  }
  return out;
}

}  // namespace monge::mesh
