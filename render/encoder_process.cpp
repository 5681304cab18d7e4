#include "render/encoder_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace monge {

namespace {
constexpr std::size_t kLogTail = 64 * 1024;
}  // namespace

EncoderProcess::EncoderProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::runtime_error("no encoder command");
  // A dead encoder must show up as a write error (EPIPE), not kill us.
  ::signal(SIGPIPE, SIG_IGN);
  int input[2], errors[2];
  if (::pipe2(input, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "cannot create a pipe");
  if (::pipe2(errors, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(input[0]);
    ::close(input[1]);
    throw std::system_error(error, std::generic_category(), "cannot create a pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int error = ::posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(input[0]);
  ::close(errors[1]);
  if (error != 0) {
    ::close(input[1]);
    ::close(errors[0]);
    pid_ = -1;
    throw std::system_error(error, std::generic_category(), "cannot start " + argv[0]);
  }
  input_ = input[1];
  reader_ = std::thread([this, fd = errors[0]] { read_log(fd); });
}

EncoderProcess::~EncoderProcess() { kill(); }

void EncoderProcess::read_log(int fd) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the encoder exited (end of file) or the pipe failed
    std::lock_guard lock(log_mutex_);
    log_.append(buffer, static_cast<std::size_t>(n));
    // The end of the log says why it stopped; an encoder that printed megabytes is cut to it.
    if (log_.size() > 2 * kLogTail) log_.erase(0, log_.size() - kLogTail);
  }
  ::close(fd);
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
  if (reader_.joinable()) reader_.join();  // its standard error is closed now that it exited
  return status;
}

void EncoderProcess::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
  finish();
}

std::string EncoderProcess::log() const {
  std::lock_guard lock(log_mutex_);
  return log_.size() > kLogTail ? log_.substr(log_.size() - kLogTail) : log_;
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
