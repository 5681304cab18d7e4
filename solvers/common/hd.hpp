#pragma once
// MONGE_HD marks per-element math that is compiled for the CPU and, by nvcc, for the GPU too,
// so that the CPU tests cover the very functions the CUDA kernels call.
#if defined(__CUDACC__)
#define MONGE_HD __host__ __device__ __forceinline__
#else
#define MONGE_HD inline
#endif
