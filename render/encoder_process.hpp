#pragma once
// An encoder child process (ffmpeg) fed through a pipe on its standard input, started without a
// shell: no shell line can ever reach the user's terminal, and a path needs no quoting. Its
// standard error comes back through a second pipe, read by a thread into memory, so the encoder's
// own messages (the reason of a failed write, "No space left on device") are kept without writing
// anything to a disk that may be full (a memfd would not do: a file size limit applies to it
// too, and then the reason is lost). No GL here.
#include <sys/types.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace monge {

class EncoderProcess {
 public:
  // Starts argv[0] (searched in PATH) with `argv`. Throws std::system_error with the OS reason
  // if it cannot start (code ENOENT: the program is not installed).
  explicit EncoderProcess(const std::vector<std::string>& argv);
  ~EncoderProcess();  // kills the process if finish() was not called
  EncoderProcess(const EncoderProcess&) = delete;
  EncoderProcess& operator=(const EncoderProcess&) = delete;

  // All of `bytes` into the encoder's standard input; returns 0, or errno (EPIPE: it exited).
  int write(const void* bytes, std::size_t size);
  // Close its input and wait for it to exit; returns the wait status (sys/wait.h macros).
  int finish();
  // Stop it at once (SIGKILL) and wait; safe to call twice.
  void kill();
  // What it wrote to its standard error so far.
  std::string log() const;

 private:
  void read_log(int fd);
  pid_t pid_ = -1;
  int input_ = -1;  // write end of the pipe to its standard input
  std::thread reader_;  // drains its standard error into log_
  mutable std::mutex log_mutex_;
  std::string log_;  // the last 64 KiB of its standard error
};

// The OS reason an encoder's log reports, as an errno value: the first of the write errors a
// full or read-only disk gives (ENOSPC, EDQUOT, EFBIG, EROFS, EACCES, EIO, ...) whose strerror text
// occurs in `log`; 0 if none does.
int os_error_in_log(const std::string& log);

// The last non-empty line of `log`, or "".
std::string last_line(const std::string& log);

}  // namespace monge
