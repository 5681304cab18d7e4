#include "base/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "base/errors.hpp"

namespace monge {
namespace {

// A cgroup's memory limit (v2 memory.max, else v1 limit_in_bytes); 0 when there is none.
std::size_t cgroup_limit() {
  for (const char* file : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(file);
    std::string text;
    if (in >> text && text != "max") {
      try {
        return static_cast<std::size_t>(std::stoull(text));
      } catch (...) {
      }
    }
  }
  return 0;
}

std::size_t compute_machine_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  std::size_t bytes = pages > 0 && page > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page) : 0;
  if (const std::size_t limit = cgroup_limit(); limit > 0 && (bytes == 0 || limit < bytes)) bytes = limit;
  rlimit as{};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY && (bytes == 0 || as.rlim_cur < bytes))
    bytes = static_cast<std::size_t>(as.rlim_cur);
  return bytes;
}

}  // namespace

// Read once: solvers ask at every step.
std::size_t machine_memory_bytes() {
  static const std::size_t bytes = compute_machine_memory();
  return bytes;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1000.0 && u < 6) bytes /= 1000.0, ++u;
  char text[48];
  std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return text;
}

void require_memory(double bytes, const std::string& what) {
  const std::size_t available = machine_memory_bytes();
  if (available > 0 && bytes > static_cast<double>(available))
    throw InputError(what + " needs " + format_bytes(bytes) + " of memory; this machine has " +
                     format_bytes(static_cast<double>(available)));
}

}  // namespace monge
