#include "app/io/data_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/errors.hpp"

namespace monge {

bool is_stdout_path(const std::filesystem::path& path) { return path.native() == "-"; }

DataOutput::DataOutput(const std::filesystem::path& path) : label_(is_stdout_path(path) ? "<stdout>" : path.string()) {
  if (!is_stdout_path(path)) file_.emplace(path);
}

void DataOutput::write(const void* data, std::size_t bytes) {
  if (file_) {
    file_->write(data, bytes);
    return;
  }
  errno = 0;
  if (bytes > 0 && std::fwrite(data, 1, bytes, stdout) != bytes)
    throw OutputError("cannot write <stdout>: " + std::string(std::strerror(errno ? errno : EIO)));
}

void DataOutput::commit() {
  if (file_) {
    file_->commit();
    return;
  }
  errno = 0;
  if (std::fflush(stdout) != 0) throw OutputError("cannot write <stdout>: " + std::string(std::strerror(errno ? errno : EIO)));
}

void write_data(const std::filesystem::path& path, std::string_view bytes) {
  DataOutput out(path);
  out.write(bytes);
  out.commit();
}

}  // namespace monge
