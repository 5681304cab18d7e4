#pragma once
// MONGE_SIMD_CLONES compiles a hot loop twice, for the x86-64 baseline (SSE2) and for AVX2, and
// lets the loader pick the version for the machine at hand (GCC function multiversioning through
// an ifunc). Binaries stay portable (no -march=native: CI machines differ) yet use 256-bit lanes
// where they exist. Elsewhere (other compilers, other CPUs, sanitizer builds) it expands to
// nothing and the plain loop is compiled once.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__CUDACC__)
#define MONGE_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MONGE_SIMD_CLONES
#endif
