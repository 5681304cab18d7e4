#include "render/encoder_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace monge {

EncoderProcess::EncoderProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::runtime_error("no encoder command");
  // A dead encoder must show up as a write error (EPIPE), not kill us.
  ::signal(SIGPIPE, SIG_IGN);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  log_ = ::memfd_create("monge-encoder-log", MFD_CLOEXEC);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  if (log_ >= 0) posix_spawn_file_actions_adddup2(&actions, log_, STDERR_FILENO);
  else posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int error = ::posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[0]);
  if (error != 0) {
    ::close(pipe_fds[1]);
    if (log_ >= 0) ::close(log_);
    log_ = -1;
    pid_ = -1;
    throw std::system_error(error, std::generic_category(), "cannot start " + argv[0]);
  }
  input_ = pipe_fds[1];
}

EncoderProcess::~EncoderProcess() {
  kill();
  if (log_ >= 0) ::close(log_);
}

int EncoderProcess::write(const void* bytes, std::size_t size) {
  if (input_ < 0) return EPIPE;
  const char* p = static_cast<const char*>(bytes);
  while (size > 0) {
    const ssize_t n = ::write(input_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return 0;
}

int EncoderProcess::finish() {
  if (input_ >= 0) ::close(input_);
  input_ = -1;
  int status = 0;
  if (pid_ > 0)
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  pid_ = -1;
  return status;
}

void EncoderProcess::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
  finish();
}

std::string EncoderProcess::log() const {
  if (log_ < 0) return "";
  struct stat info {};
  if (::fstat(log_, &info) != 0 || info.st_size <= 0) return "";
  // The end of the log says why it stopped; an encoder that printed megabytes is cut to it.
  const off_t keep = std::min<off_t>(info.st_size, 64 * 1024);
  std::string text(static_cast<std::size_t>(keep), '\0');
  const ssize_t n = ::pread(log_, text.data(), text.size(), info.st_size - keep);
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return text;
}

int os_error_in_log(const std::string& log) {
  for (int error : {ENOSPC, EDQUOT, EFBIG, EROFS, EACCES, EPERM, EIO, ENOENT, ENOTDIR, EISDIR, ENAMETOOLONG, EMFILE, ENOMEM})
    if (log.find(std::strerror(error)) != std::string::npos) return error;
  return 0;
}

std::string last_line(const std::string& log) {
  std::size_t end = log.find_last_not_of("\r\n \t");
  if (end == std::string::npos) return "";
  const std::size_t begin = log.find_last_of('\n', end);
  return log.substr(begin == std::string::npos ? 0 : begin + 1, end + 1 - (begin == std::string::npos ? 0 : begin + 1));
}

}  // namespace monge
