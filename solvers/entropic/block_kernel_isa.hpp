#pragma once
// Internal to solvers/entropic: the copies of the tiled kernels built into this binary, one per
// instruction set (block_kernel_{sse2,avx2,avx512}.cpp). AVX2 and AVX-512 copies need GCC's
// `#pragma GCC target` on x86-64; elsewhere only the baseline copy (16-byte vectors) exists.
#include "solvers/entropic/block_kernel.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#define MONGE_KERNEL_MULTI_ISA 1
#else
#define MONGE_KERNEL_MULTI_ISA 0
#endif

namespace monge::entropic {
namespace isa_sse2 {
const KernelTable& table();
}
#if MONGE_KERNEL_MULTI_ISA
namespace isa_avx2 {
const KernelTable& table();
}
namespace isa_avx512 {
const KernelTable& table();
}
#endif
}  // namespace monge::entropic
