#pragma once
// Whether a writer left a temporary file (base/atomic_file.hpp names them "<name>.<pid>-<n>.part")
// in a folder: every test of "written whole or not at all" asks this.
#include <filesystem>
#include <string>

namespace monge::test {

inline bool has_temporary_files(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return false;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().filename().string().find(".part") != std::string::npos) return true;
  return false;
}

}  // namespace monge::test
