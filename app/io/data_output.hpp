#pragma once
// Where a command writes data (points, a plan, potentials, a trajectory): a file, written whole or
// not at all (base/atomic_file.hpp), or "-" for standard output, streamed as it is produced (a
// pipe has no temporary name; a failed write names "<stdout>" and the reason).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/atomic_file.hpp"

namespace monge {

bool is_stdout_path(const std::filesystem::path& path);  // "-"

class DataOutput {
 public:
  explicit DataOutput(const std::filesystem::path& path);  // throws OutputError (folder missing, ...)
  void write(const void* data, std::size_t bytes);         // throws OutputError with the reason
  void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
  // The file: flush, sync and rename into place; standard output: flush. Throws OutputError.
  void commit();
  const std::string& label() const { return label_; }  // the path, or "<stdout>"

 private:
  std::optional<AtomicFile> file_;
  std::string label_;
};

// The whole of `bytes` into `path` ("-": standard output).
void write_data(const std::filesystem::path& path, std::string_view bytes);

}  // namespace monge
