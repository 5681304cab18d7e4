#pragma once
// A full disk inside the test process: a file size limit (RLIMIT_FSIZE) with SIGXFSZ ignored
// makes every write past `bytes` fail with EFBIG ("File too large"), as ENOSPC would on a full
// disk, and so does every child process (ffmpeg) started meanwhile. Restored when destroyed.
#include <signal.h>
#include <sys/resource.h>

#include <cstddef>

namespace monge::test {

class FileSizeLimit {
 public:
  explicit FileSizeLimit(std::size_t bytes) {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ignore, &previous_action_);
    getrlimit(RLIMIT_FSIZE, &previous_limit_);
    rlimit small = previous_limit_;
    small.rlim_cur = bytes;
    ok_ = setrlimit(RLIMIT_FSIZE, &small) == 0;
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &previous_limit_);
    sigaction(SIGXFSZ, &previous_action_, nullptr);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;
  bool ok() const { return ok_; }

 private:
  struct sigaction previous_action_ {};
  rlimit previous_limit_{};
  bool ok_ = false;
};

}  // namespace monge::test
