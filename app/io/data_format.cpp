#include "app/io/data_format.hpp"

#include <charconv>
#include <optional>

#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"

namespace monge {
namespace {

constexpr std::string_view kNpy{"\x93NUMPY", 6};

// The format its first bytes announce, if any.
std::optional<DataFormat> magic_format(std::string_view bytes) {
  if (bytes.substr(0, kNpy.size()) == kNpy) return DataFormat::Npy;
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) || bytes.substr(0, 4) == std::string_view("PK\x05\x06", 4))
    return DataFormat::Npz;
  if (bytes.substr(0, 4) == "ply\n" || bytes.substr(0, 5) == "ply\r\n") return DataFormat::Ply;
  return std::nullopt;
}

std::optional<DataFormat> extension_format(std::string_view extension) {
  if (extension == ".npy") return DataFormat::Npy;
  if (extension == ".npz") return DataFormat::Npz;
  if (extension == ".ply") return DataFormat::Ply;
  if (extension == ".obj") return DataFormat::Obj;
  if (extension == ".csv" || extension == ".tsv" || extension == ".txt") return DataFormat::Csv;
  return std::nullopt;
}

const char* expected_start(DataFormat format) {
  switch (format) {
    case DataFormat::Npy: return "NumPy's .npy files start with '\\x93NUMPY'";
    case DataFormat::Npz: return ".npz files are zip archives, starting with 'PK\\x03\\x04'";
    case DataFormat::Ply: return "PLY files start with a line 'ply'";
    default: return "";
  }
}

// Whether the first statement of the text is an OBJ vertex: "v" and at least three numbers.
bool starts_like_obj(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    std::size_t numbers = 0, at = 0;
    bool first = true;
    while ((at = line.find_first_not_of(" \t\r", at)) != std::string_view::npos) {
      const std::size_t end = std::min(line.find_first_of(" \t\r", at), line.size());
      const std::string_view token = line.substr(at, end - at);
      at = end;
      if (first) {
        if (token != "v") return false;
        first = false;
        continue;
      }
      double v = 0;
      const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
      if (ec != std::errc() || ptr != token.data() + token.size()) return false;
      ++numbers;
    }
    if (!first) return numbers >= 3;  // a statement; blank and comment lines are skipped
  }
  return false;
}

}  // namespace

const char* data_format_name(DataFormat format) {
  switch (format) {
    case DataFormat::Csv: return "CSV";
    case DataFormat::Npy: return ".npy";
    case DataFormat::Npz: return ".npz";
    case DataFormat::Ply: return "PLY";
    case DataFormat::Obj: return "OBJ";
  }
  return "?";
}

DataFormat detect_format(std::string_view bytes, std::string_view extension, const std::string& label) {
  if (bytes.empty()) throw InputError(label + ": empty file");
  const std::optional<DataFormat> magic = magic_format(bytes);
  const std::optional<DataFormat> named = extension_format(extension);
  const std::string start = quote_bytes(bytes.substr(0, 12));
  if (named == DataFormat::Npy || named == DataFormat::Npz || named == DataFormat::Ply) {
    if (magic == named) return *named;
    if (magic)
      throw InputError(label + ": is a " + data_format_name(*magic) + " file (it starts with " + start + "), not " +
                       data_format_name(*named) + " as its name says");
    throw InputError(label + ": not a " + std::string(data_format_name(*named)) + " file: it starts with " + start +
                     " where " + expected_start(*named) + " (damaged or misnamed?)");
  }
  if (magic) {
    if (named)  // .csv, .txt or .obj holding a binary format
      throw InputError(label + ": is a " + std::string(data_format_name(*magic)) + " file (it starts with " + start +
                       "), not " + data_format_name(*named) + " text as its name says");
    return *magic;
  }
  if (named) return *named;
  // No telling extension (standard input, ".dat", none): text it must be.
  if (static_cast<unsigned char>(bytes[0]) == 0x93)
    throw InputError(label + ": starts with " + start + ": a damaged .npy file? (" + expected_start(DataFormat::Npy) + ")");
  return starts_like_obj(bytes) ? DataFormat::Obj : DataFormat::Csv;
}

}  // namespace monge
