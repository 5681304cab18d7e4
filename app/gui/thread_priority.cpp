#include "app/gui/thread_priority.hpp"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace monge {

bool lower_current_thread_priority(int niceness) {
#if defined(__linux__)
  // On Linux the niceness belongs to each thread: PRIO_PROCESS with a thread id sets just that one.
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, tid);
  if (errno != 0) return false;
  if (current >= niceness) return true;
  return setpriority(PRIO_PROCESS, tid, niceness) == 0;
#else
  (void)niceness;
  return false;
#endif
}

}  // namespace monge
