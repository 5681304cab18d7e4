#include "solvers/deform/mlp_field.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"

namespace monge::deform {

namespace {

constexpr int kChunk = 128;  // rows per chunk: its activations (128 x 64 floats a layer) stay in L2
// At most this many gradient blocks per vjp: enough to keep 2 to 16 threads busy, few enough that
// adding them up (blocks x parameters) stays far below the products.
constexpr int kMaxGradBlocks = 64;

}  // namespace

const char* activation_name(Activation activation) {
  switch (activation) {
    case Activation::Tanh: return "tanh";
    case Activation::Softplus: return "softplus";
    case Activation::SiLU: return "silu";
  }
  return "?";
}

Activation parse_activation(const std::string& name, const std::string& what) {
  for (Activation a : {Activation::Tanh, Activation::Softplus, Activation::SiLU})
    if (name == activation_name(a)) return a;
  throw InputError(what + ": expected one of tanh, softplus, silu, got '" + name + "'");
}

MlpField::MlpField(const MlpOptions& options) : options_(options) {
  if (options.width < 1 || options.width > 4096)
    throw InputError("hidden width: expected 1 to 4096, got " + std::to_string(options.width));
  if (options.depth < 1 || options.depth > 64)
    throw InputError("hidden depth: expected 1 to 64, got " + std::to_string(options.depth));
  if (!(options.scale > 0) || !std::isfinite(options.scale))
    throw InputError("mlp scale: expected a positive number, got " + std::to_string(options.scale));
  if (!options.center.allFinite()) throw InputError("mlp center: not finite");
  int in = mlp::kInputs, offset = 0;
  for (int l = 0; l <= options.depth; ++l) {
    const int out = l == options.depth ? 3 : options.width;
    Layer layer;
    layer.in = in;
    layer.out = out;
    layer.weight_offset = offset;
    layer.bias_offset = offset + in * out;
    offset += in * out + out;
    layers_.push_back(layer);
    in = out;
  }
  parameter_count_ = offset;
  std::vector<mlp::PackedLayer> packed;
  for (const Layer& layer : layers_) {
    mlp::PackedLayer p;
    p.in = layer.in;
    p.out = layer.out;
    p.weight_offset = layer.weight_offset;
    p.bias_offset = layer.bias_offset;
    packed.push_back(p);
  }
  mlp::plan(packed_, packed, options.activation);
  for (int j = 0; j < 3; ++j) norm_.center[j] = options.center[j];
  norm_.scale = options.scale;
  norm_.inv_scale = 1.0f / options.scale;
  isa_ = mlp::best_isa();
}

Parameters MlpField::initial_parameters(std::uint64_t seed) const {
  Parameters theta = Parameters::Zero(parameter_count_);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    const CounterRng rng(seed, l);
    const float bound = std::sqrt(6.0f / float(layer.in + layer.out)) *
                        (l + 1 == layers_.size() ? options_.last_layer_scale : 1.0f);
    for (int k = 0; k < layer.in * layer.out; ++k) {
      // Layer 1's weights on the three space coordinates (W is out by in: column k % in).
      const float gain = l == 0 && k % layer.in < 3 ? options_.input_frequency : 1.0f;
      theta[layer.weight_offset + k] = gain * bound * (2.0f * rng.uniform(static_cast<std::uint64_t>(k)) - 1.0f);
    }
  }
  return theta;
}

void MlpField::set_isa(mlp::Isa isa) {
  if (!mlp::isa_supported(isa))
    throw InputError(std::string("mlp kernels: this CPU cannot run the ") + mlp::isa_name(isa) + " set");
  isa_ = isa;
}

void MlpField::prepare(const Parameters& theta, const Points& X, bool with_grad) {
  if (theta.size() != parameter_count_)
    throw InputError("mlp theta: expected " + std::to_string(parameter_count_) + " parameters, got " +
                     std::to_string(theta.size()));
  if (X.cols() != 3) throw InputError("mlp points: expected 3 columns, got " + std::to_string(X.cols()));
  // The RK4 passes call with the same theta 32 times in a row: pack it once.
  if (packed_theta_.size() != theta.size() ||
      std::memcmp(packed_theta_.data(), theta.data(), sizeof(float) * std::size_t(theta.size())) != 0) {
    mlp::pack_weights(packed_, theta.data());
    packed_theta_ = theta;
  }
  const std::size_t threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
  if (scratch_.size() < threads) scratch_.resize(threads);
  for (mlp::ChunkScratch& s : scratch_) s.prepare(packed_, kChunk);
  if (with_grad && X.rows() != block_rows_) {
    if (blocks_live_) {  // a new N while summing: set the old blocks' sum aside
      if (pending_.size() != parameter_count_) pending_.setZero(parameter_count_);
      reduce_blocks(pending_);
    }
    block_rows_ = static_cast<int>(X.rows());
    const int chunks = static_cast<int>((X.rows() + kChunk - 1) / kChunk);
    block_chunks_ = std::max(1, (chunks + kMaxGradBlocks - 1) / kMaxGradBlocks);
    blocks_ = (chunks + block_chunks_ - 1) / block_chunks_;
    const std::size_t size = static_cast<std::size_t>(blocks_) * packed_.grad_size;
    if (grad_blocks_.size() < size) grad_blocks_.resize(size);
  }
}

void MlpField::reduce_blocks(Parameters& grad_theta) {
  const std::size_t stride = packed_.grad_size;
  // Parameter ranges of the sum: any split gives the same bits (each entry is summed alone).
  constexpr int kRanges = 16;
#pragma omp parallel for schedule(static)
  for (int r = 0; r < kRanges; ++r) {
    const int begin = int(std::int64_t(parameter_count_) * r / kRanges);
    const int end = int(std::int64_t(parameter_count_) * (r + 1) / kRanges);
    mlp::add_blocks_to_theta(packed_, grad_blocks_.data(), stride, blocks_, grad_theta.data(), begin, end);
  }
  blocks_live_ = false;
}

void MlpField::begin_gradient_sum() {
  summing_ = true;
  blocks_live_ = false;
  pending_.resize(0);
}

void MlpField::end_gradient_sum(Parameters& grad_theta) {
  if (!summing_) return;
  summing_ = false;
  if (grad_theta.size() != parameter_count_)
    throw InputError("mlp grad_theta: expected " + std::to_string(parameter_count_) + " entries");
  if (pending_.size() == parameter_count_) grad_theta += pending_;
  if (blocks_live_) reduce_blocks(grad_theta);
}

void MlpField::forward(const Parameters& theta, const Points& X, float t, Points& V) {
  prepare(theta, X, false);
  const int n = static_cast<int>(X.rows());
  V.resize(n, 3);
  const int chunks = (n + kChunk - 1) / kChunk;
#pragma omp parallel
  {
    mlp::ChunkScratch& scratch = scratch_[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (int c = 0; c < chunks; ++c) {
      const int begin = c * kChunk, rows = std::min(kChunk, n - begin);
      mlp::forward_chunk(isa_, packed_, norm_, X.data() + 3 * std::size_t(begin), rows, t,
                         V.data() + 3 * std::size_t(begin), scratch);
    }
  }
}

void MlpField::vjp(const Parameters& theta, const Points& X, float t, const Points& dV, Parameters& grad_theta,
                   Points& grad_X) {
  prepare(theta, X, true);
  const int n = static_cast<int>(X.rows());
  if (dV.rows() != n || dV.cols() != 3)
    throw InputError("mlp dV: expected " + std::to_string(n) + " by 3, got " + std::to_string(dV.rows()) + " by " +
                     std::to_string(dV.cols()));
  if (grad_theta.size() != parameter_count_)
    throw InputError("mlp grad_theta: expected " + std::to_string(parameter_count_) + " entries");
  grad_X.resize(n, 3);
  const int chunks = (n + kChunk - 1) / kChunk;
  const std::size_t stride = packed_.grad_size;
  const bool fresh = !blocks_live_;  // zero the blocks on their first use
#pragma omp parallel
  {
    mlp::ChunkScratch& scratch = scratch_[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (int b = 0; b < blocks_; ++b) {
      float* grad = grad_blocks_.data() + std::size_t(b) * stride;
      if (fresh) std::fill(grad, grad + stride, 0.0f);
      const int last = std::min(chunks, (b + 1) * block_chunks_);
      for (int c = b * block_chunks_; c < last; ++c) {
        const int begin = c * kChunk, rows = std::min(kChunk, n - begin);
        mlp::vjp_chunk(isa_, packed_, norm_, X.data() + 3 * std::size_t(begin), dV.data() + 3 * std::size_t(begin),
                       rows, t, grad_X.data() + 3 * std::size_t(begin), grad, scratch);
      }
    }
  }
  blocks_live_ = true;
  if (!summing_) reduce_blocks(grad_theta);
}

}  // namespace monge::deform
