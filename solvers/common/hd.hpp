#pragma once
// MONGE_HD marks per-element math that is compiled for the CPU and, by nvcc, for the GPU too,
// so that the CPU tests cover the very functions the CUDA kernels call.
#if defined(__CUDACC__)
#define MONGE_HD __host__ __device__ __forceinline__
#else
#define MONGE_HD inline
#endif

namespace monge {

// a * b and a + b rounded once each, never fused into an FMA: nvcc contracts a * b + c by
// default, the CPU build (no FMA in its baseline) does not, and a kernel that must give the CPU's
// bits (projections that are then sorted, the MLP's activations) spells its arithmetic with these.
MONGE_HD float mul_rn(float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fmul_rn(a, b);
#else
  return a * b;
#endif
}
MONGE_HD float add_rn(float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fadd_rn(a, b);
#else
  return a + b;
#endif
}

}  // namespace monge
