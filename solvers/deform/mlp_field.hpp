#pragma once
// The neural velocity field of arXiv 2305.17555: a multilayer perceptron
//   v_theta(x, t) = scale * MLP((x - center) / scale, t),
// input (x', y', z', t) -> `depth` hidden layers of `width` units with a smooth activation -> 3
// outputs. Normalising the input by (center, scale) and multiplying the output by scale makes the
// field equivariant to the units of the mesh: a mesh in millimetres trains like one in metres,
// with the same learning rate.
//
// theta layout, layer by layer (l = 1 .. depth + 1): W_l (out by in, row-major) then b_l (out).
// Initialisation (initial_parameters): Glorot-uniform weights, W ~ U(-a, a), a = sqrt(6 / (in +
// out)), drawn from CounterRng(seed, stream = layer); zero biases; the last layer's weights are
// further multiplied by `last_layer_scale` so that the starting field is small and the flow
// starts near the identity (exactly zero would leave the hidden layers without a gradient at the
// first step).
//
// Speed: points are processed in chunks of 128 rows by the kernels of mlp_kernels.hpp (fused
// matrix products with the bias and tanh, AVX-512 / AVX2 / generic chosen at run time, the same
// bits on all three), OpenMP over chunks. The backward pass recomputes the chunk's activations
// instead of storing them, so memory stays O(threads * chunk * width) whatever N and the number of
// RK4 stages. The parameter gradient is summed per block of consecutive chunks (at most
// kMaxGradBlocks blocks, their size a function of N only) and the blocks are added in order: the
// result does not depend on the number of threads. No allocation after the first call with a
// given N.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "solvers/deform/activation.hpp"
#include "solvers/deform/mlp_kernels.hpp"
#include "solvers/deform/velocity_field.hpp"

namespace monge::deform {

// Activation (tanh, softplus, silu) and its per-element math: activation.hpp.
// "tanh", "softplus", "silu".
const char* activation_name(Activation activation);
// Throws InputError("<what>: expected one of tanh, softplus, silu, got '...'").
Activation parse_activation(const std::string& name, const std::string& what);

struct MlpOptions {
  int width = 64;                           // units per hidden layer
  int depth = 3;                            // hidden layers
  Activation activation = Activation::Tanh; // bounded derivative: Lipschitz field, no blow-up
  float last_layer_scale = 0.01f;           // start near the identity map
  float input_frequency = 1.0f;             // first layer's weights on x', y', z' at initialisation x this
  Eigen::Vector3f center = Eigen::Vector3f::Zero();  // input normalisation (x - center) / scale
  float scale = 1.0f;                                // and output scale, > 0
};

class MlpField final : public VelocityField {
 public:
  // Throws InputError for width < 1, depth < 1, scale <= 0 or a non-finite center.
  explicit MlpField(const MlpOptions& options);

  const char* name() const override { return "mlp"; }
  int parameter_count() const override { return parameter_count_; }
  Parameters initial_parameters(std::uint64_t seed) const override;
  void forward(const Parameters& theta, const Points& X, float t, Points& V) override;
  void vjp(const Parameters& theta, const Points& X, float t, const Points& dV, Parameters& grad_theta,
           Points& grad_X) override;
  // Between these, vjp sums into its gradient blocks across calls (each block: call after call,
  // rows in order) and end_gradient_sum adds the blocks, in order, into grad_theta.
  void begin_gradient_sum() override;
  void end_gradient_sum(Parameters& grad_theta) override;

  const MlpOptions& options() const { return options_; }
  // The kernel set in use (mlp::best_isa() at construction); set_isa throws InputError for a set
  // this CPU lacks. All sets give the same results bit for bit (tests/pure/test_deform_kernels.cpp).
  mlp::Isa isa() const { return isa_; }
  void set_isa(mlp::Isa isa);

  // Layer l = 1 .. depth + 1 is layers()[l - 1]: the theta layout, which the CUDA field shares.
  struct Layer {
    int in = 0, out = 0;
    int weight_offset = 0, bias_offset = 0;  // into theta
  };
  const std::vector<Layer>& layers() const { return layers_; }

 private:
  // Packs theta and sizes the per-thread scratch (and, with_grad, the gradient blocks for X's rows).
  void prepare(const Parameters& theta, const Points& X, bool with_grad);
  // Adds the gradient blocks, in block order, into grad_theta; the blocks are then stale.
  void reduce_blocks(Parameters& grad_theta);

  MlpOptions options_;
  std::vector<Layer> layers_;
  int parameter_count_ = 0;
  mlp::Isa isa_ = mlp::Isa::Generic;
  mlp::PackedMlp packed_;
  Parameters packed_theta_;  // the theta packed_ holds
  mlp::Normalisation norm_;
  std::vector<mlp::ChunkScratch> scratch_;  // one per thread
  mlp::AlignedFloats grad_blocks_;          // blocks by packed_.grad_size
  int blocks_ = 0, block_chunks_ = 0, block_rows_ = -1;  // block_rows_: the N they were planned for
  bool summing_ = false;       // inside begin/end_gradient_sum
  bool blocks_live_ = false;   // the blocks hold contributions not yet added
  Parameters pending_;         // contributions of an earlier N while summing (rare)
};

}  // namespace monge::deform
