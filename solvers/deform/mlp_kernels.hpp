#pragma once
// The MLP velocity field's arithmetic on one chunk of points (mlp_field.hpp organises chunks,
// threads and the gradient reduction): fused matrix products with the bias, the activation and
// the activation's derivative applied as each tile of the product leaves the registers.
//
// Kernel sets, chosen at run time (best_isa()):
//   avx512  16-float vectors (AVX-512F), fused multiply-adds
//   avx2    8-float vectors (AVX2 + FMA)
//   generic 16-float GCC vectors, std::fma per lane (any CPU; slow where fma is emulated)
// All three give the SAME BITS: every product C = A B is accumulated over k in order with one
// correctly rounded fma per term (the vector lanes run over independent outputs, never over a sum),
// tanh is activation.hpp's rational function with separate multiplies and adds (the file is
// compiled with -ffp-contract=off, so the compiler fuses nothing behind our back), and the
// derivative 1 - a^2 the same. So a trained mesh is the same on any machine and thread count;
// tests/pure/test_deform_kernels.cpp checks the sets against each other bit for bit.
//
// Layout. Feature dimensions are padded to multiples of kPad = 16 floats (one AVX-512 vector),
// rows are points (row-major, the padded width as row stride), buffers are 64-byte aligned. The
// padding columns hold zeros and never enter a sum: every k loop runs over the true size.
//   layer l = 0 .. L-1 (L = depth + 1, the last is the output layer), true sizes in_l -> out_l:
//     wt[l]  in_l by pad(out_l):  wt[k][n] = W_l[n][k]   (forward: z = a W^T + b)
//     wb[l]  out_l by pad(in_l):  wb[j][i] = W_l[j][i]   (backward: delta_prev = delta W)
//     bias[l] pad(out_l)
//   gradient block (GradBlock): layer 0 as g0t = in_0 by pad(out_0) (transposed: in_0 = 4 is
//   too narrow to be the vector dimension), layers l >= 1 as out_l by pad(in_l), biases
//   pad(out_l); add_block_to_theta() maps them back onto theta's layout.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#include "solvers/deform/activation.hpp"

namespace monge::deform::mlp {

enum class Isa { Generic = 0, Avx2 = 1, Avx512 = 2 };
// "generic", "avx2", "avx512".
const char* isa_name(Isa isa);
// Whether this CPU (and OS) runs the set.
bool isa_supported(Isa isa);
// The fastest supported set; the environment variable MONGE_MLP_ISA (generic, avx2, avx512) picks
// a slower one, e.g. to compare them (a set the CPU lacks falls back to the best supported).
Isa best_isa();

constexpr int kPad = 16;
constexpr int padded(int n) { return (n + kPad - 1) / kPad * kPad; }
constexpr int kInputs = 4;  // x', y', z', t

// 64-byte aligned float storage (operator new with alignment), zero-initialised on resize.
class AlignedFloats {
 public:
  void resize(std::size_t n);  // keeps nothing; all zeros afterwards
  void zero();
  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  std::size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(float* p) const { ::operator delete[](p, std::align_val_t(64)); }
  };
  std::unique_ptr<float[], Free> data_;
  std::size_t size_ = 0;
};

struct PackedLayer {
  int in = 0, out = 0, in_pad = 0, out_pad = 0;
  int weight_offset = 0, bias_offset = 0;   // into theta
  std::size_t wt = 0, wb = 0, bias = 0;     // offsets into PackedMlp::storage
  std::size_t g_weight = 0, g_bias = 0;     // offsets into a GradBlock
};

// The weights of one theta in the kernels' layout.
struct PackedMlp {
  std::vector<PackedLayer> layers;  // L = depth + 1
  Activation activation = Activation::Tanh;
  int max_pad = 0;                  // widest padded feature dimension
  std::size_t grad_size = 0;        // floats of a GradBlock
  AlignedFloats storage;
  const float* ptr(std::size_t offset) const { return storage.data() + offset; }
};

// Sets up `packed` for layers given as (in, out, weight_offset, bias_offset) with in_0 = kInputs
// and out_{L-1} = 3, then pack_weights copies theta in.
void plan(PackedMlp& packed, const std::vector<PackedLayer>& layers, Activation activation);
void pack_weights(PackedMlp& packed, const float* theta);

// Per-thread buffers for one chunk of up to `rows` points (kept between calls).
struct ChunkScratch {
  int rows = 0;
  std::vector<AlignedFloats> a, z;  // a[0]: rows by kPad input; a[l], z[l] (l = 1..L-1): rows by out_pad
  AlignedFloats out;                // rows by kPad: the output layer
  AlignedFloats delta, delta_prev;  // rows by max_pad
  void prepare(const PackedMlp& packed, int rows);
};

// The field's normalisation (mlp_field.hpp): a0 = ((x - center) * inv_scale, t), V = scale * out.
struct Normalisation {
  float center[3] = {0, 0, 0};
  float inv_scale = 1, scale = 1;
};

// V (rows by 3, row stride 3) = the field at X (rows by 3) and time t. rows <= scratch.rows.
void forward_chunk(Isa isa, const PackedMlp& packed, const Normalisation& norm, const float* X, int rows, float t,
                   float* V, ChunkScratch& scratch);

// Vector-Jacobian product on one chunk: recomputes the forward pass, then back-propagates
// dV (rows by 3): grad_X (rows by 3) = (dV/dX)^T dV, overwritten; the parameter gradient is
// ACCUMULATED into `grad` (a GradBlock of packed.grad_size floats): each entry receives the
// chunk's rows in order, so a block's sum is a fixed function of its rows.
void vjp_chunk(Isa isa, const PackedMlp& packed, const Normalisation& norm, const float* X, const float* dV, int rows,
               float t, float* grad_X, float* grad, ChunkScratch& scratch);

// theta_grad[p] += block value for the parameters p in [begin, end) of theta's layout.
// `blocks` GradBlocks at grad, grad + stride, ...: summed in that order, then added.
void add_blocks_to_theta(const PackedMlp& packed, const float* grad, std::size_t stride, int blocks, float* theta_grad,
                         int begin, int end);

// For the tests: the vectorised tanh of a kernel set on n values (bit-equal to act::tanh).
void tanh_values(Isa isa, const float* z, float* a, int n);

}  // namespace monge::deform::mlp
