// The tiled log-sum-exp kernels (block_kernel_impl.hpp) compiled for avx512; block_kernel.cpp picks
// the fastest copy this CPU runs. The standard headers come first, outside the target pragma, so
// that only this file's own (internal) functions are compiled for avx512.
#include <cstdint>
#include <cstring>
#include <new>      // aligned operator new (not a template)
#include <utility>  // std::integer_sequence (compile-time only)
#if defined(__x86_64__)
#include <immintrin.h>  // before the pragma: declared for every target, used by the AVX-512 copy
#endif

#include "solvers/entropic/block_kernel.hpp"
#include "solvers/entropic/block_kernel_isa.hpp"

#if MONGE_KERNEL_MULTI_ISA
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // _mm512_roundscale_ps: its "undefined" source operand
#define MONGE_SIMD_AVX512 1
#define MONGE_KERNEL_NS isa_avx512
#define MONGE_KERNEL_BYTES 64
#define MONGE_KERNEL_NAME "avx512"
#include "solvers/entropic/block_kernel_impl.hpp"
#pragma GCC pop_options
#endif
