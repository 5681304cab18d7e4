#include "base/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "base/errors.hpp"

namespace monge {
namespace {

std::atomic<unsigned> temporary_counter{0};

// fsync a file or folder by name; returns errno or 0.
int sync_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  // Some file systems (and folders on some) refuse fsync on a read-only descriptor: nothing to report.
  return error == EINVAL || error == EBADF ? 0 : error;
}

}  // namespace

[[noreturn]] void throw_output_error(const std::filesystem::path& path, int error) {
  throw OutputError("cannot write " + path.string() + ": " + std::strerror(error));
}

std::filesystem::path temporary_path_beside(const std::filesystem::path& path) {
  std::filesystem::path temp = path;
  temp += "." + std::to_string(::getpid()) + "-" + std::to_string(temporary_counter++) + ".part";
  return temp;
}

void publish_temporary(const std::filesystem::path& temp, const std::filesystem::path& path) {
  int error = sync_path(temp);
  if (error == 0 && std::rename(temp.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    std::error_code ignored;
    std::filesystem::remove_all(temp, ignored);
    throw_output_error(path, error);
  }
  // The rename itself is durable once the folder is synced; a failure here loses nothing written.
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  sync_path(folder);
}

AtomicFile::AtomicFile(std::filesystem::path path) : path_(std::move(path)), temp_(temporary_path_beside(path_)) {
  std::error_code ec;
  if (std::filesystem::is_directory(path_, ec)) throw OutputError("cannot write " + path_.string() + ": it is a folder");
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_) throw_output_error(path_, errno);
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!temp_.empty()) std::remove(temp_.c_str());
}

void AtomicFile::fail(int error) {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  std::remove(temp_.c_str());
  temp_.clear();
  throw_output_error(path_, error == 0 ? EIO : error);
}

void AtomicFile::write(const void* data, std::size_t bytes) {
  if (!file_) throw OutputError("cannot write " + path_.string() + ": already closed");
  errno = 0;
  if (bytes > 0 && std::fwrite(data, 1, bytes, file_) != bytes) fail(errno);
}

void AtomicFile::commit() {
  if (!file_) throw OutputError("cannot write " + path_.string() + ": already closed");
  errno = 0;
  if (std::fflush(file_) != 0) fail(errno);
  if (::fsync(::fileno(file_)) != 0 && errno != EINVAL) fail(errno);
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) fail(errno);
  const std::filesystem::path temp = temp_;
  temp_.clear();  // publish_temporary removes it on failure
  publish_temporary(temp, path_);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  AtomicFile out(path);
  out.write(bytes);
  out.commit();
}

}  // namespace monge
