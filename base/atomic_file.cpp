#include "base/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
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
  // Built with snprintf: GCC 12 warns falsely (-Wrestrict) on the chain of string additions.
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, ".%ld-%u.part", static_cast<long>(::getpid()), temporary_counter++);
  std::filesystem::path temp = path;
  temp += suffix;
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
  if (std::filesystem::is_directory(path_, ec)) throw_output_error(path_, EISDIR);
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

void check_output_path(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw_output_error(path, EISDIR);
  check_output_folder(path);
}

void check_output_folder(const std::filesystem::path& path) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0) throw_output_error(path, errno);
  if (!S_ISDIR(info.st_mode)) throw_output_error(path, ENOTDIR);
  if (::access(folder.c_str(), W_OK | X_OK) != 0) throw_output_error(path, errno);
}

void write_new_file(const std::filesystem::path& path, std::string_view bytes, const std::filesystem::path& report_as) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) throw_output_error(report_as, errno);
  int error = 0;
  for (std::size_t done = 0; done < bytes.size() && error == 0;) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n > 0) done += static_cast<std::size_t>(n);
    else if (n < 0 && errno != EINTR) error = errno;
    else if (n == 0) error = EIO;
  }
  if (error == 0 && ::fsync(fd) != 0 && errno != EINVAL) error = errno;
  if (::close(fd) != 0 && error == 0 && errno != EINTR) error = errno;
  if (error != 0) {
    ::unlink(path.c_str());
    throw_output_error(report_as, error);
  }
}

OutputFolder::OutputFolder(std::filesystem::path folder) : folder_(std::move(folder)) {
  if (folder_.empty()) folder_ = ".";
  std::error_code ec;
  // The outermost folder that does not exist yet: removed again if nothing gets committed.
  for (std::filesystem::path p = folder_; !p.empty() && !std::filesystem::exists(p, ec); p = p.parent_path()) {
    created_ = p;
    if (p == p.parent_path()) break;
  }
  std::filesystem::create_directories(folder_, ec);
  if (ec) {
    roll_back();
    throw_output_error(folder_, ec.value());
  }
  if (!std::filesystem::is_directory(folder_, ec)) throw_output_error(folder_, ENOTDIR);
  staging_ = temporary_path_beside(folder_ / ".monge");
  if (::mkdir(staging_.c_str(), 0777) != 0) {
    const int error = errno;
    staging_.clear();
    roll_back();
    throw_output_error(folder_, error);
  }
}

OutputFolder::~OutputFolder() { roll_back(); }

void OutputFolder::roll_back() {
  std::error_code ec;
  if (!staging_.empty()) std::filesystem::remove_all(staging_, ec);
  staging_.clear();
  names_.clear();
  if (created_.empty()) return;
  // Only folders left empty go (another writer may have put files there meanwhile).
  for (std::filesystem::path p = folder_; !p.empty(); p = p.parent_path()) {
    std::filesystem::remove(p, ec);
    if (p == created_ || p == p.parent_path()) break;
  }
  created_.clear();
}

void OutputFolder::write(const std::string& name, std::string_view bytes) {
  if (staging_.empty()) throw OutputError("cannot write " + (folder_ / name).string() + ": already committed");
  write_new_file(staging_ / name, bytes, folder_ / name);
  names_.push_back(name);
}

std::vector<std::filesystem::path> OutputFolder::commit() {
  std::vector<std::filesystem::path> written;
  for (const std::string& name : names_) {
    const std::filesystem::path destination = folder_ / name;
    if (std::rename((staging_ / name).c_str(), destination.c_str()) != 0) {
      const int error = errno;
      for (const auto& moved : written) std::remove(moved.c_str());
      roll_back();
      throw_output_error(destination, error);
    }
    written.push_back(destination);
  }
  std::error_code ec;
  std::filesystem::remove_all(staging_, ec);
  staging_.clear();
  names_.clear();
  created_.clear();
  sync_path(folder_);
  return written;
}

}  // namespace monge
