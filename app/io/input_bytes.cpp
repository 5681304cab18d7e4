#include "app/io/input_bytes.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/errors.hpp"

namespace monge {
namespace {

bool g_stdin_read = false;  // standard input holds one stream: a second "-" would find it empty

std::string too_large(const std::string& label) {
  return label + ": more than " + std::to_string(kMaxInputBytes >> 30) + " GiB; monge reads inputs whole into memory";
}

// Reads `file` to its end (pipes and FIFOs give no size up front).
std::string read_stream(std::FILE* file, const std::string& label) {
  std::string bytes;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    if (bytes.size() + got > kMaxInputBytes) throw InputError(too_large(label));
    bytes.append(buffer, got);
  }
  if (std::ferror(file)) throw InputError(label + ": read error (" + std::strerror(errno) + ")");
  return bytes;
}

}  // namespace

bool is_stdin_path(const std::filesystem::path& path) { return path.native() == "-"; }

std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

InputBytes read_input(const std::filesystem::path& path) {
  InputBytes in;
  if (is_stdin_path(path)) {
    in.label = "<stdin>";
    if (g_stdin_read) throw InputError("-: standard input was read already (only one input per run can be '-')");
    g_stdin_read = true;
    if (::isatty(STDIN_FILENO))
      throw InputError("-: standard input is a terminal; pipe a point file into it (python gen.py | monge sw - y.npy)");
    in.bytes = read_stream(stdin, in.label);
    return in;
  }
  in.label = path.string();
  in.extension = lower_extension(path);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw InputError(in.label + ": cannot open (" + std::strerror(errno) + ")");
  if (S_ISDIR(info.st_mode)) throw InputError(in.label + ": is a folder, not a file");
  if (!S_ISREG(info.st_mode) && !S_ISFIFO(info.st_mode))
    throw InputError(in.label + ": is a device or socket, not a file");
  if (static_cast<unsigned long long>(info.st_size) > kMaxInputBytes) throw InputError(too_large(in.label));
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw InputError(in.label + ": cannot open (" + std::strerror(errno) + ")");
  try {
    in.bytes = read_stream(file, in.label);
  } catch (...) {
    std::fclose(file);
    throw;
  }
  std::fclose(file);
  return in;
}

}  // namespace monge
