#include "solvers/deform/mlp_field.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "base/errors.hpp"
#include "solvers/common/ordered_sum.hpp"
#include "solvers/common/random.hpp"

namespace monge::deform {

namespace {

constexpr int kChunk = 128;  // rows per chunk: a chunk's activations (128 x 64 floats) stay in L1/L2
constexpr int kInputs = 4;   // x', y', z', t

// a = activation(z) on a block of rows (row-major, rows contiguous), one element at a time with
// the functions the CUDA kernels call (activation.hpp): the same bits as Eigen's array functions.
template <Activation Act, typename Z, typename A>
void activate_rows(const Z& z, A&& a) {
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    const float* zi = z.data() + i * z.outerStride();
    float* ai = a.data() + i * a.outerStride();
    for (Eigen::Index j = 0; j < z.cols(); ++j) ai[j] = deform::activate<Act>(zi[j]);
  }
}

template <typename Z, typename A>
void apply_activation(Activation activation, const Z& z, A&& a) {
  switch (activation) {
    case Activation::Tanh: activate_rows<Activation::Tanh>(z, a); break;
    case Activation::Softplus: activate_rows<Activation::Softplus>(z, a); break;
    case Activation::SiLU: activate_rows<Activation::SiLU>(z, a); break;
  }
}

// delta *= activation'(z), with a = activation(z) already computed.
template <Activation Act, typename D, typename Z, typename A>
void multiply_rows(D&& delta, const Z& z, const A& a) {
  for (Eigen::Index i = 0; i < delta.rows(); ++i) {
    float* di = delta.data() + i * delta.outerStride();
    const float* zi = z.data() + i * z.outerStride();
    const float* ai = a.data() + i * a.outerStride();
    for (Eigen::Index j = 0; j < delta.cols(); ++j) di[j] *= deform::activation_derivative<Act>(zi[j], ai[j]);
  }
}

template <typename D, typename Z, typename A>
void multiply_by_derivative(Activation activation, D&& delta, const Z& z, const A& a) {
  switch (activation) {
    case Activation::Tanh: multiply_rows<Activation::Tanh>(delta, z, a); break;
    case Activation::Softplus: multiply_rows<Activation::Softplus>(delta, z, a); break;
    case Activation::SiLU: multiply_rows<Activation::SiLU>(delta, z, a); break;
  }
}

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
  int in = kInputs, offset = 0;
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
}

Parameters MlpField::initial_parameters(std::uint64_t seed) const {
  Parameters theta = Parameters::Zero(parameter_count_);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    const CounterRng rng(seed, l);
    const float bound = std::sqrt(6.0f / float(layer.in + layer.out)) *
                        (l + 1 == layers_.size() ? options_.last_layer_scale : 1.0f);
    for (int k = 0; k < layer.in * layer.out; ++k)
      theta[layer.weight_offset + k] = bound * (2.0f * rng.uniform(static_cast<std::uint64_t>(k)) - 1.0f);
  }
  return theta;
}

void MlpField::prepare_workspaces(bool with_grad) {
  const std::size_t threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
  if (workspaces_.size() < threads) workspaces_.resize(threads);
  const int max_width = std::max(options_.width, kInputs);
  for (Workspace& ws : workspaces_) {
    if (ws.a.size() != layers_.size() + 1) {
      ws.a.resize(layers_.size() + 1);
      ws.z.resize(layers_.size() + 1);
      ws.a[0].resize(kChunk, kInputs);
      for (std::size_t l = 0; l < layers_.size(); ++l) {
        ws.z[l + 1].resize(kChunk, layers_[l].out);
        ws.a[l + 1].resize(kChunk, layers_[l].out);
      }
      ws.delta.resize(kChunk, max_width);
      ws.delta_prev.resize(kChunk, max_width);
    }
  }
  if (with_grad && run_grad_.size() < static_cast<std::size_t>(kGradientRuns)) run_grad_.resize(kGradientRuns);
}

void MlpField::forward_chunk(const Parameters& theta, const Points& X, float t, int begin, int rows,
                             Workspace& ws) const {
  const float inv_scale = 1.0f / options_.scale;
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < 3; ++j) ws.a[0](i, j) = (X(begin + i, j) - options_.center[j]) * inv_scale;
    ws.a[0](i, 3) = t;
  }
  const std::size_t L = layers_.size();
  for (std::size_t l = 1; l <= L; ++l) {
    const Layer& layer = layers_[l - 1];
    const Eigen::Map<const RowMatrix> W(theta.data() + layer.weight_offset, layer.out, layer.in);
    const Eigen::Map<const Eigen::RowVectorXf> b(theta.data() + layer.bias_offset, layer.out);
    auto z = ws.z[l].topRows(rows);
    z.noalias() = ws.a[l - 1].topRows(rows) * W.transpose();
    z.rowwise() += b;
    if (l < L) apply_activation(options_.activation, z, ws.a[l].topRows(rows));
  }
}

void MlpField::forward(const Parameters& theta, const Points& X, float t, Points& V) {
  const int n = static_cast<int>(X.rows());
  V.resize(n, 3);
  prepare_workspaces(false);
  const int chunks = (n + kChunk - 1) / kChunk;
  const float scale = options_.scale;
#pragma omp parallel
  {
    Workspace& ws = workspaces_[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (int c = 0; c < chunks; ++c) {
      const int begin = c * kChunk, rows = std::min(kChunk, n - begin);
      forward_chunk(theta, X, t, begin, rows, ws);
      V.middleRows(begin, rows) = scale * ws.z.back().topRows(rows);
    }
  }
}

void MlpField::vjp(const Parameters& theta, const Points& X, float t, const Points& dV, Parameters& grad_theta,
                   Points& grad_X) {
  const int n = static_cast<int>(X.rows());
  grad_X.resize(n, 3);
  prepare_workspaces(true);
  const int chunks = (n + kChunk - 1) / kChunk;
  const int runs = std::min(chunks, kGradientRuns);
  const std::size_t L = layers_.size();
  const float scale = options_.scale, inv_scale = 1.0f / options_.scale;
#pragma omp parallel
  {
    Workspace& ws = workspaces_[omp_get_thread_num()];
    // Each run of chunks, in order, into its own share of grad_theta (ordered_sum.hpp).
#pragma omp for schedule(dynamic, 1)
    for (int r = 0; r < runs; ++r) {
      Parameters& grad = run_grad_[r];
      grad.setZero(parameter_count_);
      for (int c = static_cast<int>(run_begin(chunks, runs, r)); c < run_begin(chunks, runs, r + 1); ++c) {
        const int begin = c * kChunk, rows = std::min(kChunk, n - begin);
        forward_chunk(theta, X, t, begin, rows, ws);
        // delta = dL/d(output of layer l); starts at dL/dz_L = scale * dV (v = scale * z_L).
        ws.delta.topLeftCorner(rows, 3) = scale * dV.middleRows(begin, rows);
        for (std::size_t l = L; l >= 1; --l) {
          const Layer& layer = layers_[l - 1];
          auto delta = ws.delta.topLeftCorner(rows, layer.out);
          if (l < L) multiply_by_derivative(options_.activation, delta, ws.z[l].topRows(rows), ws.a[l].topRows(rows));
          const Eigen::Map<const RowMatrix> W(theta.data() + layer.weight_offset, layer.out, layer.in);
          Eigen::Map<RowMatrix> gW(grad.data() + layer.weight_offset, layer.out, layer.in);
          Eigen::Map<Eigen::RowVectorXf> gb(grad.data() + layer.bias_offset, layer.out);
          gW.noalias() += delta.transpose() * ws.a[l - 1].topRows(rows);
          gb += delta.colwise().sum();
          ws.delta_prev.topLeftCorner(rows, layer.in).noalias() = delta * W;
          ws.delta.swap(ws.delta_prev);
        }
        // ws.delta now holds dL/d(input) (rows by 4); x' = (x - center) / scale.
        grad_X.middleRows(begin, rows) = inv_scale * ws.delta.topLeftCorner(rows, 3);
      }
    }
  }
  // The runs' shares in run order: the same bits at any thread count.
  for (int r = 0; r < runs; ++r) grad_theta += run_grad_[r];
}

}  // namespace monge::deform
