#include "solvers/entropic/memory_budget.hpp"

#include <cstdio>
#include <cstring>
#if defined(__unix__)
#include <unistd.h>
#endif

namespace monge::entropic {

long long available_memory_bytes() {
#if defined(__linux__)
  if (std::FILE* f = std::fopen("/proc/meminfo", "r")) {
    char line[256];
    long long kib = -1;
    while (std::fgets(line, sizeof line, f))
      if (std::strncmp(line, "MemAvailable:", 13) == 0 && std::sscanf(line + 13, "%lld", &kib) == 1) break;
    std::fclose(f);
    if (kib >= 0) return kib * 1024;
  }
#endif
#if defined(_SC_AVPHYS_PAGES) && defined(_SC_PAGESIZE)
  const long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && size > 0) return static_cast<long long>(pages) * size;
#endif
  return 0;
}

}  // namespace monge::entropic
