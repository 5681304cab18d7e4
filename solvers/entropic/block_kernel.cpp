// Picks the copy of the tiled kernels (block_kernel_impl.hpp) for this CPU: AVX-512 (x86-64-v4),
// else AVX2+FMA (x86-64-v3), else the SSE2 baseline. No ifunc: a plain check at first use, so
// sanitizer builds run the same code.
#include <atomic>
#include <cstring>

#include "solvers/entropic/block_kernel.hpp"
#include "solvers/entropic/block_kernel_isa.hpp"

namespace monge::entropic {
namespace {

struct Tables {
  const KernelTable* list[4] = {nullptr, nullptr, nullptr, nullptr};  // runnable, fastest last
  int n = 0;
  Tables() {
    list[n++] = &isa_sse2::table();
#if MONGE_KERNEL_MULTI_ISA
    __builtin_cpu_init();
    if (__builtin_cpu_supports("x86-64-v3")) list[n++] = &isa_avx2::table();
    if (__builtin_cpu_supports("x86-64-v4")) list[n++] = &isa_avx512::table();
#endif
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

std::atomic<const KernelTable*> forced{nullptr};

}  // namespace

const KernelTable& kernel_table() {
  const KernelTable* f = forced.load(std::memory_order_relaxed);
  return f ? *f : *tables().list[tables().n - 1];
}

bool set_kernel_isa(const char* name) {
  if (!name || !*name) {
    forced.store(nullptr);
    return true;
  }
  for (int k = 0; k < tables().n; ++k)
    if (std::strcmp(tables().list[k]->name, name) == 0) {
      forced.store(tables().list[k]);
      return true;
    }
  return false;
}

const KernelTable* const* available_kernel_tables() { return tables().list; }

}  // namespace monge::entropic
