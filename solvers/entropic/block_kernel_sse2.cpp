// The tiled log-sum-exp kernels (block_kernel_impl.hpp) compiled for sse2; block_kernel.cpp picks
// the fastest copy this CPU runs. The standard headers come first, outside the target pragma, so
// that only this file's own (internal) functions are compiled for sse2.
#include <cstdint>
#include <cstring>
#include <new>      // aligned operator new (not a template)
#include <utility>  // std::integer_sequence (compile-time only)
#if defined(__x86_64__)
#include <immintrin.h>  // before the pragma: declared for every target, used by the AVX-512 copy
#endif

#include "solvers/entropic/block_kernel.hpp"
#include "solvers/entropic/block_kernel_isa.hpp"

#define MONGE_KERNEL_NS isa_sse2
#define MONGE_KERNEL_BYTES 16
#define MONGE_KERNEL_NAME "sse2"
#include "solvers/entropic/block_kernel_impl.hpp"
