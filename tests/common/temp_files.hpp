#pragma once
// Scratch folders for tests, and whether a writer left a temporary file (base/atomic_file.hpp
// names them "<name>.<pid>-<n>.part") in a folder: every test of "written whole or not at all"
// asks this.
#include <unistd.h>

#include <filesystem>
#include <string>

namespace monge::test {

// A folder under the system's temporary directory that belongs to this process alone. ctest runs
// every test case as its own process, several at once: a folder shared by name between two cases
// of one file lets one overwrite the other's inputs mid-test (a CI failure on a faster machine).
inline std::filesystem::path process_scratch_dir(const std::string& tag) {
  const auto dir = std::filesystem::temp_directory_path() / ("monge-test-" + tag + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

inline bool has_temporary_files(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return false;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().filename().string().find(".part") != std::string::npos) return true;
  return false;
}

}  // namespace monge::test
